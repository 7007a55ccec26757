import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { canManageStaff } from '../features/staff/staffStore';
import { useNav } from '../stores/nav';
import { useSession } from '../stores/session';

/**
 * 设置 → 同步与维护 | 员工: the settings screens' tabs. Only an administrator
 * has more than one, so nobody else sees the bar (nor the Staff entry).
 */
export function SettingsTabs() {
  const { t } = useTranslation();
  const role = useSession((s) => s.staff?.role);
  const route = useNav((s) => s.route);
  const go = useNav((s) => s.go);
  if (!canManageStaff(role)) return null;
  return (
    <Tabs
      className="ld-settings-tabs"
      activeKey={route.name === 'staff' ? 'staff' : 'settings'}
      onChange={(key) => go({ name: key === 'staff' ? 'staff' : 'settings' })}
      items={[
        { key: 'settings', label: <span data-testid="nav-settings-sync">{t('staff.settingsTab')}</span> },
        { key: 'staff', label: <span data-testid="nav-staff">{t('staff.tab')}</span> },
      ]}
    />
  );
}
