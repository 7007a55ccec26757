import type { KeyboardEvent } from 'react';
import { Empty, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { WorkItem } from '../../../../shared/contract/methods/work';
import { formatDateTime } from '../../lib/format';
import { SEVERITY_COLORS, useLabels } from '../../lib/labels';
import { useNav } from '../../stores/nav';

interface Props {
  items: readonly WorkItem[];
  /** Show who is responsible (the board; My work is the clerk's own). */
  showOwner: boolean;
  testId: string;
  /** Rows shown before the table scrolls (fits the screen at 1366x768). */
  scrollY?: number;
  emptyText?: string;
}

/** The tag of a deadline's state: overdue red, due soon orange. */
export function StateTag({ state }: { state: WorkItem['state'] }) {
  const { t } = useTranslation();
  return (
    <span className={`ld-tag ld-work-state-${state}`} data-testid="work-state">
      {t(`work.state.${state}`)}
    </span>
  );
}

/** Moves the focus to the row above or below with the arrow keys; Enter opens the row's case (or order). */
export function onRowKey(e: KeyboardEvent<HTMLElement>, open: () => void): void {
  if (e.key === 'Enter') {
    e.preventDefault();
    open();
    return;
  }
  if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
  e.preventDefault();
  const row = e.currentTarget;
  const next = (
    e.key === 'ArrowDown' ? row.nextElementSibling : row.previousElementSibling
  ) as HTMLElement | null;
  if (next?.tabIndex === 0) next.focus();
}

/**
 * Deadlines as rows, most urgent first as the desk sends them. Each row
 * opens its case (click, or Enter on the focused row; ↑/↓ move between rows);
 * an overdue deadline shows red, one due soon orange.
 */
export function WorkTable({ items, showOwner, testId, scrollY, emptyText }: Props) {
  const { t } = useTranslation();
  const labels = useLabels();
  const go = useNav((s) => s.go);

  return (
    <Table<WorkItem>
      size="small"
      className="ld-work-table"
      data-testid={testId}
      rowKey={(w) => `${w.caseId}:${w.kind}:${w.ref}`}
      dataSource={items as WorkItem[]}
      pagination={false}
      scroll={scrollY ? { y: scrollY } : undefined}
      locale={{
        emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText ?? t('work.empty')} />,
      }}
      rowClassName={(w) => `ld-work-row ld-work-row-${w.state}`}
      onRow={(w) => {
        const open = () => go({ name: 'case', id: w.caseId });
        return {
          tabIndex: 0,
          onClick: open,
          onKeyDown: (e: KeyboardEvent<HTMLElement>) => onRowKey(e, open),
          'data-testid': 'work-row',
          'data-case': w.caseNumber,
          'data-kind': w.kind,
          'data-state': w.state,
        } as object;
      }}
      columns={[
        {
          title: t('work.col.due'),
          key: 'due',
          width: 210,
          render: (_: unknown, w) => (
            <span className="ld-work-due">
              <span className="ld-work-due-time">
                {w.dueAt ? formatDateTime(w.dueAt) : t('work.pausedDue')}
              </span>
              <StateTag state={w.state} />
            </span>
          ),
        },
        {
          title: t('work.col.kind'),
          dataIndex: 'kind',
          width: 110,
          render: (kind: WorkItem['kind']) => <span data-testid="work-kind">{t(`work.kind.${kind}`)}</span>,
        },
        {
          title: t('work.col.case'),
          dataIndex: 'caseNumber',
          width: 190,
          render: (n: string) => <span className="ld-grid-number">{n}</span>,
        },
        { title: t('work.col.customer'), dataIndex: 'customerName', ellipsis: true },
        ...(showOwner
          ? [
              {
                title: t('work.col.owner'),
                dataIndex: 'ownerName',
                width: 110,
                ellipsis: true,
                render: (name: string) => name || t('work.department'),
              },
            ]
          : []),
        {
          title: t('work.col.severity'),
          dataIndex: 'severity',
          width: 90,
          render: (s: string) => (
            <span
              className={`ld-tag ld-tag-${SEVERITY_COLORS[s] === 'default' ? 'plain' : (SEVERITY_COLORS[s] ?? 'plain')}`}
            >
              {labels.severity(s)}
            </span>
          ),
        },
        {
          title: t('work.col.status'),
          dataIndex: 'status',
          width: 80,
          render: (s: WorkItem['status']) => t(`status.${s}`),
        },
      ]}
    />
  );
}
