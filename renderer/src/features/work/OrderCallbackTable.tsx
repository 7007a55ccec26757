import type { KeyboardEvent } from 'react';
import { Empty, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrderCallbackItem } from '../../../../shared/contract/methods/work';
import { formatDateTime } from '../../lib/format';
import { useNav } from '../../stores/nav';
import { onRowKey, StateTag } from './WorkTable';

interface Props {
  items: readonly OrderCallbackItem[];
  /** Show who received the order (the board; 我的待办 is the clerk's own). */
  showOwner: boolean;
  testId: string;
  scrollY?: number;
}

/**
 * Work orders' follow-up calls (issue 11) as rows, earliest due first as the
 * desk sends them, coloured by state like the case deadlines (overdue red,
 * due soon orange). A row opens its order, where the call is recorded
 * (click, or Enter on the focused row; ↑/↓ move between rows).
 */
export function OrderCallbackTable({ items, showOwner, testId, scrollY }: Props) {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  return (
    <Table<OrderCallbackItem>
      size="small"
      className="ld-work-table"
      data-testid={testId}
      rowKey="orderId"
      dataSource={items as OrderCallbackItem[]}
      pagination={false}
      scroll={scrollY ? { y: scrollY } : undefined}
      locale={{
        emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('orderFollowUp.empty')} />,
      }}
      rowClassName={(o) => `ld-work-row ld-work-row-${o.state}`}
      onRow={(o) => {
        const open = () => go({ name: 'order', id: o.orderId });
        return {
          tabIndex: 0,
          onClick: open,
          onKeyDown: (e: KeyboardEvent<HTMLElement>) => onRowKey(e, open),
          'data-testid': 'order-callback-row',
          'data-order': o.orderNumber,
          'data-state': o.state,
        } as object;
      }}
      columns={[
        {
          title: t('orderFollowUp.col.due'),
          key: 'due',
          width: 200,
          render: (_: unknown, o) => (
            <span className="ld-work-due">
              <span className="ld-work-due-time">{o.dueAt ? formatDateTime(o.dueAt) : '—'}</span>
              <StateTag state={o.state} />
            </span>
          ),
        },
        {
          title: t('orderFollowUp.col.order'),
          dataIndex: 'orderNumber',
          width: 200,
          render: (n: string, o) => (
            <a
              href={`#/orders/${o.orderId}`}
              className="ld-grid-number"
              tabIndex={-1}
              onClick={(e) => e.preventDefault()}
              data-testid="order-callback-number"
            >
              {n}
            </a>
          ),
        },
        { title: t('orderFollowUp.col.customer'), dataIndex: 'customerName', ellipsis: true },
        { title: t('orderFollowUp.col.phone'), dataIndex: 'customerPhone', width: 120 },
        { title: t('orderFollowUp.col.plate'), dataIndex: 'plate', width: 110, ellipsis: true },
        {
          title: t('orderFollowUp.col.released'),
          dataIndex: 'releasedAt',
          width: 140,
          render: (iso: string) => formatDateTime(iso),
        },
        ...(showOwner
          ? [{ title: t('orderFollowUp.col.owner'), dataIndex: 'ownerName', width: 110, ellipsis: true }]
          : []),
      ]}
    />
  );
}
