/**
 * The work-order board's top (OrdersBoardPage): the title with the front
 * desk's two ways in (a new order, a rework return) and the QC report; one
 * tile per status with its count (all filters but the status applied); the
 * text search (after a pause, not on every key; ArrowDown goes to the list)
 * and the "flagged only" and "rework returns only" filters.
 */
import { useEffect, useState } from 'react';
import { Button, Checkbox, Input, Typography } from 'antd';
import {
  BarChartOutlined,
  PlusOutlined,
  ReloadOutlined,
  RollbackOutlined,
  SearchOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ORDER_STATUSES, type OrderSummary } from '../../../../shared/contract/methods/orders';
import { useLocale } from '../../i18n';
import { useNav } from '../../stores/nav';
import { isFrontDesk, useOrders } from '../../stores/orders';
import { useSession } from '../../stores/session';
import { countText } from '../work/workStore';
import { canReadOrderReport } from './QcReportPage';

/** Focus target of the board's search (used by tests and, later, a shortcut). */
export const ORDER_SEARCH_ID = 'ld-order-search';
/** The list's element: ArrowDown in the search box moves there. */
export const ORDER_GRID_ID = 'ld-order-grid';

export function OrdersBoardHeader() {
  return (
    <>
      <BoardHead />
      <StatusTiles />
      <BoardFilters />
    </>
  );
}

function BoardHead() {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  const role = useSession((s) => s.staff?.role);
  const frontDesk = isFrontDesk(role);
  return (
    <div className="ld-work-head">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('orders.title')}
      </Typography.Title>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('orders.intro')}
      </Typography.Text>
      <span style={{ flex: 1 }} />
      {frontDesk ? (
        <>
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => go({ name: 'orderNew' })}
            data-testid="orders-new"
          >
            {t('orderForms.newTitle')}
          </Button>
          <Button
            icon={<RollbackOutlined />}
            onClick={() => go({ name: 'orderRework' })}
            data-testid="orders-rework-new"
          >
            {t('orderForms.reworkTitle')}
          </Button>
        </>
      ) : null}
      {canReadOrderReport(role) ? (
        <Button
          icon={<BarChartOutlined />}
          onClick={() => go({ name: 'orderReport' })}
          data-testid="nav-order-report"
        >
          {t('orderReport.nav')}
        </Button>
      ) : null}
      <Button
        icon={<ReloadOutlined />}
        onClick={() => void useOrders.getState().reload()}
        aria-label={t('orders.reload')}
        data-testid="orders-reload"
      />
    </div>
  );
}

function StatusTiles() {
  const { t } = useTranslation();
  const locale = useLocale((s) => s.locale);
  const counts = useOrders((s) => s.counts);
  const status = useOrders((s) => s.filters.status);
  const tiles: (OrderSummary['status'] | null)[] = [null, ...ORDER_STATUSES];
  return (
    <div className="ld-board-tiles ld-orders-tiles" role="tablist" aria-label={t('orders.byStatus')}>
      {tiles.map((s) => {
        const c = s && counts ? counts[s] : null;
        const all = counts ? ORDER_STATUSES.reduce((sum, k) => sum + counts[k].count, 0) : null;
        const capped = counts ? ORDER_STATUSES.some((k) => counts[k].capped) : false;
        const n = s === null ? all : (c?.count ?? null);
        return (
          <button
            key={s ?? 'all'}
            type="button"
            role="tab"
            aria-selected={status === s}
            className={`ld-board-tile${status === s ? ' ld-board-tile-on' : ''}`}
            onClick={() => useOrders.getState().setFilters({ status: s })}
            data-testid={`orders-tile-${s ?? 'all'}`}
          >
            <span className="ld-board-count" data-testid="orders-count">
              {n === null ? '—' : countText(n, s === null ? capped : (c?.capped ?? false), locale)}
            </span>
            <span className="ld-board-label">
              {s === null ? t('orders.allStatuses') : t(`orders.status.${s}`)}
            </span>
          </button>
        );
      })}
    </div>
  );
}

function BoardFilters() {
  const { t } = useTranslation();
  const filters = useOrders((s) => s.filters);
  const [text, setText] = useState(filters.text);
  // Typing reads the board after a pause, not on every key.
  useEffect(() => {
    if (text === useOrders.getState().filters.text) return;
    const timer = setTimeout(() => useOrders.getState().setFilters({ text }), 250);
    return () => clearTimeout(timer);
  }, [text]);
  return (
    <div className="ld-filters">
      <Input
        id={ORDER_SEARCH_ID}
        allowClear
        value={text}
        onChange={(e) => setText(e.target.value)}
        prefix={<SearchOutlined />}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            document.getElementById(ORDER_GRID_ID)?.focus();
          }
        }}
        placeholder={t('orders.searchPlaceholder')}
        style={{ width: 380 }}
        data-testid="orders-search"
      />
      <Checkbox
        checked={filters.flagged}
        onChange={(e) => useOrders.getState().setFilters({ flagged: e.target.checked })}
        data-testid="orders-flagged"
      >
        {t('orders.filterFlagged')}
      </Checkbox>
      <Checkbox
        checked={filters.rework}
        onChange={(e) => useOrders.getState().setFilters({ rework: e.target.checked })}
        data-testid="orders-rework"
      >
        {t('orders.filterRework')}
      </Checkbox>
    </div>
  );
}
