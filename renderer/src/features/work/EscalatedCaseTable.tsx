/**
 * Escalated cases as rows (issue 12): the supervisor board's 待审升级 /
 * Escalations to review (../judgment/EscalationReviewTable.tsx) and the
 * level lists 在我这一级 / 上级跟进 (./LevelCaseTable.tsx) share this table:
 * when the case was escalated, its number, the customer and the level it is
 * at now, then the list's own columns. A row opens its case (click, or
 * Enter on the focused row; ↑/↓ move between rows).
 */
import type { KeyboardEvent } from 'react';
import { Empty, Table, Tag, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LevelCaseItem } from '../../../../shared/contract/methods/work';
import { formatDateTime } from '../../lib/format';
import { useNav } from '../../stores/nav';
import { onRowKey } from './WorkTable';

/** What every escalated case's row shows first. */
export type EscalatedRow = Pick<
  LevelCaseItem,
  'caseId' | 'number' | 'customerName' | 'level' | 'escalatedAt'
>;

export interface EscalatedCaseTableProps<T extends EscalatedRow> {
  items: readonly T[];
  testId: string;
  /** Each row's data-testid. */
  rowTestId: string;
  /** The level tag's data-testid. */
  levelTestId: string;
  emptyText: string;
  /** The first column's title. */
  escalatedAtTitle: string;
  /** The customer's and the level's column widths. */
  widths: { customer: number; level: number };
  /** The list's own columns, after the level. */
  more: TableColumnsType<T>;
  /** Rows shown before the table scrolls. */
  scrollY?: number;
}

export function EscalatedCaseTable<T extends EscalatedRow>(p: EscalatedCaseTableProps<T>) {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  return (
    <Table<T>
      size="small"
      className="ld-work-table"
      data-testid={p.testId}
      rowKey="caseId"
      dataSource={p.items as T[]}
      pagination={false}
      scroll={p.scrollY ? { y: p.scrollY } : undefined}
      locale={{
        emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={p.emptyText} />,
      }}
      rowClassName={() => 'ld-work-row'}
      onRow={(e) => {
        const open = () => go({ name: 'case', id: e.caseId });
        return {
          tabIndex: 0,
          onClick: open,
          onKeyDown: (ev: KeyboardEvent<HTMLElement>) => onRowKey(ev, open),
          'data-testid': p.rowTestId,
          'data-case': e.number,
        } as object;
      }}
      columns={[
        {
          title: p.escalatedAtTitle,
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
        {
          title: t('work.col.customer'),
          dataIndex: 'customerName',
          width: p.widths.customer,
          ellipsis: true,
        },
        {
          title: t('escalation.levelNow'),
          dataIndex: 'level',
          width: p.widths.level,
          render: (level: EscalatedRow['level']) => (
            <Tag color={level === 'supervisor' ? 'gold' : 'volcano'} data-testid={p.levelTestId}>
              {t(`escalation.level.${level}`)}
            </Tag>
          ),
        },
        ...p.more,
      ]}
    />
  );
}
