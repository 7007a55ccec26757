import { useEffect } from 'react';
import { Button, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../i18n';
import { countText, useWork, WORK_REFRESH_MS } from './workStore';

/** Load a work list now and again every WORK_REFRESH_MS while the page is shown. */
export function usePolledLoad(which: 'loadMine' | 'loadBoard'): void {
  useEffect(() => {
    void useWork.getState()[which]();
    const poll = setInterval(() => void useWork.getState()[which](true), WORK_REFRESH_MS);
    return () => clearInterval(poll);
  }, [which]);
}

/** The work page's reload button. */
export function ReloadButton({ onClick, testId }: { onClick(): void; testId: string }) {
  const { t } = useTranslation();
  return (
    <Button icon={<ReloadOutlined />} onClick={onClick} aria-label={t('work.reload')} data-testid={testId} />
  );
}

/** Under a list that shows only its first items: how many of how many. */
export function ShowingFirst({
  list,
}: {
  list: { items: readonly unknown[]; count: number; capped: boolean };
}) {
  const { t } = useTranslation();
  const locale = useLocale((s) => s.locale);
  if (list.count <= list.items.length) return null;
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      {t('work.showingFirst', { shown: list.items.length, n: countText(list.count, list.capped, locale) })}
    </Typography.Text>
  );
}
