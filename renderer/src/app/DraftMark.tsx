import { Badge } from 'antd';
import { useTranslation } from 'react-i18next';
import { useDrafts } from '../stores/drafts';

/** A dot beside a nav entry while a draft is kept under `draftKey` (issue 10). */
export function DraftMark({ draftKey, testId }: { draftKey: string; testId: string }) {
  const { t } = useTranslation();
  const kept = useDrafts((s) => s.keys.has(draftKey));
  if (!kept) return null;
  return (
    <Badge
      status="warning"
      title={t('drafts.mark')}
      aria-label={t('drafts.mark')}
      style={{ marginInlineStart: 4 }}
      data-testid={testId}
    />
  );
}
