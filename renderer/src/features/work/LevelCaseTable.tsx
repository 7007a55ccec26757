/**
 * Issue 12 (review finding 7): open cases owned at an escalated level — the
 * supervisor's 在我这一级 / At my level (board and 我的待办) and the board's
 * 上级跟进 / Escalated above (region, head office). Each row shows when the
 * case reached its level and why, whether that escalation was reviewed, and
 * the first-contact owner who stays accountable; a row opens its case (click,
 * or Enter on the focused row; ↑/↓ move between rows).
 */
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LevelCaseItem } from '../../../../shared/contract/methods/work';
import { EscalatedCaseTable } from './EscalatedCaseTable';

export function LevelCaseTable({
  items,
  testId,
  scrollY,
}: {
  items: readonly LevelCaseItem[];
  testId: string;
  scrollY?: number;
}) {
  const { t } = useTranslation();
  return (
    <EscalatedCaseTable<LevelCaseItem>
      items={items}
      testId={testId}
      rowTestId="level-case-row"
      levelTestId="level-case-level"
      emptyText={t('work.level.empty')}
      escalatedAtTitle={t('work.level.escalatedAt')}
      widths={{ customer: 110, level: 100 }}
      scrollY={scrollY}
      more={[
        {
          title: t('work.level.firstOwner'),
          dataIndex: 'ownerName',
          width: 160,
          ellipsis: true,
          render: (name: string, e) => <span data-testid="level-case-owner">{name || e.owner}</span>,
        },
        {
          title: t('escalation.reasonLabel'),
          dataIndex: 'reason',
          ellipsis: true,
          render: (reason: string, e) => `${t(`escalation.rootCause.${e.rootCause}`)} · ${reason}`,
        },
        {
          title: t('work.col.status'),
          dataIndex: 'reviewed',
          width: 90,
          render: (reviewed: boolean) =>
            reviewed ? (
              <Tag>{t('work.level.reviewed')}</Tag>
            ) : (
              <Tag color="orange">{t('work.level.unreviewed')}</Tag>
            ),
        },
      ]}
    />
  );
}
