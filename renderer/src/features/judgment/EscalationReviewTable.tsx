/**
 * The supervisor board's 待审升级 / Escalations to review (issue 12;
 * `work.board` `escalationsToReview`): the cases whose escalation no
 * supervisor has reviewed yet, longest waiting first as the desk sends them.
 * A row opens its case, where the escalation card offers "Review" (click, or
 * Enter on the focused row; ↑/↓ move between rows).
 */
import type { KeyboardEvent } from 'react';
import { Empty, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { EscalationReviewList } from '../../../../shared/contract/methods/work';
import { formatDateTime } from '../../lib/format';
import { useNav } from '../../stores/nav';
import { onRowKey } from '../work/WorkTable';

type Item = EscalationReviewList['items'][number];

export function EscalationReviewTable({ items, scrollY }: { items: readonly Item[]; scrollY?: number }) {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  return (
    <Table<Item>
      size="small"
      className="ld-work-table"
      data-testid="board-escalations"
      rowKey="caseId"
      dataSource={items as Item[]}
      pagination={false}
      scroll={scrollY ? { y: scrollY } : undefined}
      locale={{
        emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('escalation.boardEmpty')} />,
      }}
      rowClassName={() => 'ld-work-row'}
      onRow={(e) => {
        const open = () => go({ name: 'case', id: e.caseId });
        return {
          tabIndex: 0,
          onClick: open,
          onKeyDown: (ev: KeyboardEvent<HTMLElement>) => onRowKey(ev, open),
          'data-testid': 'escalation-review-row',
          'data-case': e.number,
        } as object;
      }}
      columns={[
        {
          title: t('escalation.escalatedAt'),
          dataIndex: 'escalatedAt',
          width: 150,
          render: (at: string) => <span className="ld-work-due-time">{formatDateTime(at)}</span>,
        },
        {
          title: t('work.col.case'),
          dataIndex: 'number',
          width: 190,
          render: (n: string) => <span className="ld-grid-number">{n}</span>,
        },
        { title: t('work.col.customer'), dataIndex: 'customerName', width: 120, ellipsis: true },
        {
          title: t('escalation.levelNow'),
          dataIndex: 'level',
          width: 110,
          render: (level: Item['level']) => (
            <Tag color={level === 'supervisor' ? 'gold' : 'volcano'} data-testid="escalation-review-level">
              {t(`escalation.level.${level}`)}
            </Tag>
          ),
        },
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
