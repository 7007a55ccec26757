/**
 * One row of the work-order board: number, status, customer, vehicle or
 * device, kind (a rework return marked), promised time (red when late),
 * received time, the flags and failures, the receiver. The serious conflicts
 * a supervisor must look at are named in red (放行时有未过检项: released
 * past a failed check; failed after release); any other flags show as one
 * neutral tag with the count, their reasons on hover. Plain spans for tags
 * (as the case list), so scrolling costs little.
 */
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrderSummary } from '../../../../shared/contract/methods/orders';
import { describeFlag } from '../../../../shared/domain/orders/describe';
import type { OrderFlagReason } from '../../../../shared/domain/orders/state';
import { kindLabel, type OrderTemplates } from '../../../../shared/domain/orders/template';
import { formatDateTime } from '../../lib/format';
import { boardFlags } from './boardFlags';
import { OrderStatusTag } from './orderParts';

export interface RowProps {
  o: OrderSummary;
  top: number;
  index: number;
  active: boolean;
  templates: OrderTemplates | null;
  locale: 'zh-CN' | 'en';
  now: number;
  onOpen(index: number, o: OrderSummary): void;
}

export const OrderRow = memo(function OrderRow({
  o,
  top,
  index,
  active,
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
      <FlagsCell o={o} locale={locale} />
      <div role="gridcell">{o.ownerName}</div>
    </div>
  );
});

/** The flags and failures: serious conflicts named in red, other flags one neutral count, failures. */
function FlagsCell({ o, locale }: { o: OrderSummary; locale: 'zh-CN' | 'en' }) {
  const { t } = useTranslation();
  const { serious, others } = boardFlags(o);
  const words = (reasons: readonly string[]) =>
    reasons.map((r) => describeFlag({ reason: r as OrderFlagReason }, locale)).join('\n');
  return (
    <div role="gridcell" className="ld-orders-flag-cell" data-testid="order-row-flags">
      {serious.map((r) => (
        <span
          key={r}
          className="ld-tag ld-tag-red"
          title={words([r])}
          data-testid="order-row-flag"
          data-reason={r}
        >
          {t(`orders.view2.flag.${r}`)}
        </span>
      ))}
      {others.length > 0 ? (
        <span className="ld-tag ld-tag-plain" title={words(others)} data-testid="order-row-flags-other">
          {t('orders.view2.flag.others', { n: o.flags })}
        </span>
      ) : null}
      {o.failures > 0 ? (
        <span className="ld-tag ld-tag-volcano">{t('orders.failuresN', { n: o.failures })}</span>
      ) : null}
    </div>
  );
}
