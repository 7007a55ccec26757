/**
 * `#/orders`: the work-order board (维修单) for the front desk and the
 * workshop. Its top (OrdersBoardHeader: title, status tiles, filters), and
 * the orders newest first in a virtualised list that reads further pages as
 * it scrolls; arrow keys move, Enter or a click opens an order (OrderRow).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Empty, Spin, Typography } from 'antd';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import type { OrderSummary } from '../../../../shared/contract/methods/orders';
import { useLocale } from '../../i18n';
import { useNav } from '../../stores/nav';
import { useOrders } from '../../stores/orders';
import { useNow } from './orderParts';
import { ORDER_GRID_ID, OrdersBoardHeader } from './OrdersBoardHeader';
import { OrderRow } from './OrderRow';
import './orders.css';

export { ORDER_SEARCH_ID } from './OrdersBoardHeader';

const ROW_HEIGHT = 36;
const PREFETCH_ROWS = 30;

export function OrdersBoardPage() {
  useEffect(() => {
    const s = useOrders.getState();
    void s.reload();
    void s.loadTemplates();
  }, []);
  return (
    <div className="ld-list-page" data-testid="orders-page">
      <OrdersBoardHeader />
      <OrderGrid />
    </div>
  );
}

function OrderGrid() {
  const { t } = useTranslation();
  const locale = useLocale((s) => s.locale);
  const go = useNav((s) => s.go);
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
        id={ORDER_GRID_ID}
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
