/** 导入 / Import on the case list, next to 导出: supervisors and administrators only (the core refuses anyone else). */
import { Button } from 'antd';
import { ImportOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNav } from '../../stores/nav';
import { canOverride, useSession } from '../../stores/session';

export function ImportButton() {
  const { t } = useTranslation();
  const staff = useSession((s) => s.staff);
  const go = useNav((s) => s.go);
  if (!canOverride(staff)) return null;
  return (
    <Button icon={<ImportOutlined />} onClick={() => go({ name: 'import' })} data-testid="import-open">
      {t('importLog.button')}
    </Button>
  );
}
