/**
 * Issue 12 (review finding 7): open cases owned at an escalated level — the
 * supervisor's 在我这一级 / At my level (board and 我的待办) and the board's
 * 上级跟进 / Escalated above (region, head office). Each row shows when the
 * case reached its level and why, whether that escalation was reviewed, and
 * the first-contact owner who stays accountable; a row opens its case (click,
 * or Enter on the focused row; ↑/↓ move between rows).
 */
import type { KeyboardEvent } from 'react';
import { Empty, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LevelCaseItem } from '../../../../shared/contract/methods/work';
import { formatDateTime } from '../../lib/format';
import { useNav } from '../../stores/nav';
import { onRowKey } from './WorkTable';

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
  const go = useNav((s) => s.go);
  return (
    <Table<LevelCaseItem>
      size="small"
      className="ld-work-table"
      data-testid={testId}
      rowKey="caseId"
      dataSource={items as LevelCaseItem[]}
      pagination={false}
      scroll={scrollY ? { y: scrollY } : undefined}
      locale={{
        emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('work.level.empty')} />,
      }}
      rowClassName={() => 'ld-work-row'}
      onRow={(e) => {
        const open = () => go({ name: 'case', id: e.caseId });
        return {
          tabIndex: 0,
          onClick: open,
          onKeyDown: (ev: KeyboardEvent<HTMLElement>) => onRowKey(ev, open),
          'data-testid': 'level-case-row',
          'data-case': e.number,
        } as object;
      }}
      columns={[
        {
          title: t('work.level.escalatedAt'),
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
        { title: t('work.col.customer'), dataIndex: 'customerName', width: 110, ellipsis: true },
        {
          title: t('escalation.levelNow'),
          dataIndex: 'level',
          width: 100,
          render: (level: LevelCaseItem['level']) => (
            <Tag color={level === 'supervisor' ? 'gold' : 'volcano'} data-testid="level-case-level">
              {t(`escalation.level.${level}`)}
            </Tag>
          ),
        },
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
