/**
 * The supervisor board's 待审升级 / Escalations to review (issue 12;
 * `work.board` `escalationsToReview`): the cases whose escalation no
 * supervisor has reviewed yet, longest waiting first as the desk sends them.
 * A row opens its case, where the escalation card offers "Review" (click, or
 * Enter on the focused row; ↑/↓ move between rows).
 */
import { useTranslation } from 'react-i18next';
import type { EscalationReviewList } from '../../../../shared/contract/methods/work';
import { EscalatedCaseTable } from '../work/EscalatedCaseTable';

type Item = EscalationReviewList['items'][number];

export function EscalationReviewTable({ items, scrollY }: { items: readonly Item[]; scrollY?: number }) {
  const { t } = useTranslation();
  return (
    <EscalatedCaseTable<Item>
      items={items}
      testId="board-escalations"
      rowTestId="escalation-review-row"
      levelTestId="escalation-review-level"
      emptyText={t('escalation.boardEmpty')}
      escalatedAtTitle={t('escalation.escalatedAt')}
      widths={{ customer: 120, level: 110 }}
      scrollY={scrollY}
      more={[
        {
          title: t('escalation.rootCauseLabel'),
          dataIndex: 'rootCause',
          width: 120,
          render: (c: Item['rootCause']) => t(`escalation.rootCause.${c}`),
        },
        {
          title: t('escalation.reasonLabel'),
          dataIndex: 'reason',
          ellipsis: true,
          render: (reason: string, e) =>
            e.waiting > 1 ? `${reason}${t('escalation.moreWaiting', { n: e.waiting - 1 })}` : reason,
        },
      ]}
    />
  );
}
