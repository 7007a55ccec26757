import { memo, useCallback, useEffect, useRef, useState } from 'react';
import { Button, Checkbox, Empty, Input, Spin, Typography } from 'antd';
import {
  BarChartOutlined,
  PlusOutlined,
  ReloadOutlined,
  RollbackOutlined,
  SearchOutlined,
} from '@ant-design/icons';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import { ORDER_STATUSES, type OrderSummary } from '../../../../shared/contract/methods/orders';
import { kindLabel, type OrderTemplates } from '../../../../shared/domain/orders/template';
import { useLocale } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { useNav } from '../../stores/nav';
import { isFrontDesk, useOrders, watchesFlags } from '../../stores/orders';
import { useSession } from '../../stores/session';
import { countText } from '../work/workStore';
import { OrderStatusTag, useNow } from './orderParts';
import { canReadOrderReport } from './QcReportPage';
import './orders.css';

const ROW_HEIGHT = 36;
const PREFETCH_ROWS = 30;
const SEARCH_ID = 'ld-order-search';

/**
 * `#/orders`: the work-order board (维修单) for the front desk and the
 * workshop. One tile per status with its count (all filters but the status
 * applied), the text and flag filters, and the orders newest first in a
 * virtualised list that reads further pages as it scrolls; Enter or a click
 * opens an order.
 */
export function OrdersBoardPage() {
  useEffect(() => {
    const s = useOrders.getState();
    void s.reload();
    void s.loadTemplates();
  }, []);
  return (
    <div className="ld-list-page" data-testid="orders-page">
      <BoardHead />
      <StatusTiles />
      <BoardFilters />
      <OrderGrid />
    </div>
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
        id={SEARCH_ID}
        allowClear
        value={text}
        onChange={(e) => setText(e.target.value)}
        prefix={<SearchOutlined />}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            document.getElementById('ld-order-grid')?.focus();
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

function OrderGrid() {
  const { t } = useTranslation();
  const locale = useLocale((s) => s.locale);
  const go = useNav((s) => s.go);
  const role = useSession((s) => s.staff?.role);
  const now = useNow();
  const items = useOrders((s) => s.items);
  const nextCursor = useOrders((s) => s.nextCursor);
  const loading = useOrders((s) => s.loading);
  const loadingMore = useOrders((s) => s.loadingMore);
  const loaded = useOrders((s) => s.loaded);
  const templates = useOrders((s) => s.templates);
  const error = useOrders((s) => s.error);
  const [active, setActive] = useState(0);
  const bodyRef = useRef<HTMLDivElement>(null);

  const virtualizer = useVirtualizer({
    count: items.length + (nextCursor ? 1 : 0),
    getScrollElement: () => bodyRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const rows = virtualizer.getVirtualItems();
  const lastVisible = rows.length > 0 ? (rows[rows.length - 1]?.index ?? 0) : 0;

  useEffect(() => {
    if (nextCursor && !loadingMore && !loading && lastVisible >= items.length - PREFETCH_ROWS) {
      void useOrders.getState().loadMore();
    }
  }, [lastVisible, items.length, nextCursor, loadingMore, loading]);

  const open = useCallback(
    (index: number, o: OrderSummary) => {
      setActive(index);
      go({ name: 'order', id: o.id });
    },
    [go],
  );

  function move(to: number) {
    if (items.length === 0) return;
    const next = Math.max(0, Math.min(items.length - 1, to));
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  }

  function onKey(e: React.KeyboardEvent<HTMLDivElement>) {
    const page = Math.max(1, Math.floor((bodyRef.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1);
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(active + 1),
      ArrowUp: () => move(active - 1),
      PageDown: () => move(active + page),
      PageUp: () => move(active - page),
      Home: () => move(0),
      End: () => move(items.length - 1),
      Enter: () => {
        const o = items[active];
        if (o) open(active, o);
      },
    };
    const act = keys[e.key];
    if (!act) return;
    e.preventDefault();
    act();
  }

  const redFlags = watchesFlags(role);

  return (
    <div className="ld-grid ld-orders-grid" data-testid="orders-list">
      <div className="ld-grid-row ld-grid-head" role="row">
        <div role="columnheader">{t('orders.col.number')}</div>
        <div role="columnheader">{t('orders.col.status')}</div>
        <div role="columnheader">{t('orders.col.customer')}</div>
        <div role="columnheader">{t('orders.col.subject')}</div>
        <div role="columnheader">{t('orders.col.kind')}</div>
        <div role="columnheader">{t('orders.col.promised')}</div>
        <div role="columnheader">{t('orders.col.received')}</div>
        <div role="columnheader">{t('orders.col.flags')}</div>
        <div role="columnheader">{t('orders.col.owner')}</div>
      </div>
      <div
        ref={bodyRef}
        id="ld-order-grid"
        className="ld-grid-body"
        role="grid"
        aria-label={t('orders.listLabel')}
        aria-activedescendant={items[active] ? `order-row-${items[active].id}` : undefined}
        tabIndex={0}
        onKeyDown={onKey}
        onFocus={() => {
          if (active >= items.length) setActive(0);
        }}
        data-testid="orders-grid"
      >
        {error ? (
          <Typography.Text
            type="danger"
            className="ld-grid-empty"
            style={{ display: 'block', textAlign: 'center' }}
          >
            {error.message}
          </Typography.Text>
        ) : null}
        {loaded && items.length === 0 && !loading && !error ? (
          <Empty
            className="ld-grid-empty"
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={t('orders.empty')}
          />
        ) : null}
        {!loaded ? (
          <div className="ld-grid-empty" style={{ textAlign: 'center' }}>
            <Spin />
          </div>
        ) : null}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {rows.map((vr) => {
            const o = items[vr.index];
            if (!o) {
              return (
                <div
                  key="more"
                  className="ld-grid-row ld-muted"
                  style={{ transform: `translateY(${vr.start}px)` }}
                >
                  <div>{t('orders.loadingMore')}</div>
                </div>
              );
            }
            return (
              <OrderRow
                key={o.id}
                o={o}
                top={vr.start}
                index={vr.index}
                active={vr.index === active}
                redFlags={redFlags}
                templates={templates}
                locale={locale}
                now={now}
                onOpen={open}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}

interface RowProps {
  o: OrderSummary;
  top: number;
  index: number;
  active: boolean;
  redFlags: boolean;
  templates: OrderTemplates | null;
  locale: 'zh-CN' | 'en';
  now: number;
  onOpen(index: number, o: OrderSummary): void;
}

/** One order; plain spans for tags (as the case list), so scrolling costs little. */
const OrderRow = memo(function OrderRow({
  o,
  top,
  index,
  active,
  redFlags,
  templates,
  locale,
  now,
  onOpen,
}: RowProps) {
  const { t } = useTranslation();
  const late = o.releasedAt === null && Date.parse(o.promisedAt) < now;
  return (
    <div
      id={`order-row-${o.id}`}
      role="row"
      aria-rowindex={index + 1}
      aria-selected={active}
      className={`ld-grid-row${active ? ' ld-active' : ''}`}
      style={{ transform: `translateY(${top}px)` }}
      onClick={() => onOpen(index, o)}
      data-testid="order-row"
      data-number={o.number}
      data-status={o.status}
    >
      <div role="gridcell" className="ld-grid-number">
        {o.number}
      </div>
      <div role="gridcell">
        <OrderStatusTag status={o.status} />
      </div>
      <div role="gridcell" title={o.customerPhone}>
        {o.customerName}
      </div>
      <div role="gridcell">{o.plate || o.vinOrSerial || '—'}</div>
      <div role="gridcell">
        {templates ? kindLabel(templates, o.kind, locale) : o.kind}
        {o.reworkOf ? (
          <span className="ld-tag ld-tag-volcano ld-orders-rework-tag">{t('orders.reworkTag')}</span>
        ) : null}
      </div>
      <div role="gridcell" className={late ? 'ld-orders-late' : undefined}>
        {formatDateTime(o.promisedAt)}
      </div>
      <div role="gridcell">{formatDateTime(o.receivedAt)}</div>
      <div role="gridcell" data-testid="order-row-flags">
        {o.flags > 0 ? (
          <span className={`ld-tag ld-tag-${redFlags ? 'red' : 'gold'}`}>
            {t('orders.flagsN', { n: o.flags })}
          </span>
        ) : null}
        {o.failures > 0 ? (
          <span className="ld-tag ld-tag-volcano">{t('orders.failuresN', { n: o.failures })}</span>
        ) : null}
      </div>
      <div role="gridcell">{o.ownerName}</div>
    </div>
  );
});

/** Focus target of the board's search (used by tests and, later, a shortcut). */
export const ORDER_SEARCH_ID = SEARCH_ID;
