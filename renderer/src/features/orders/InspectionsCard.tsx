import { Card, Empty, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrderDetail } from '../../../../shared/contract/methods/orders';
import { ORDER_PAYLOADS } from '../../../../shared/domain/orders/payloads';
import { formatDateTime } from '../../lib/format';
import { SignatureText } from './orderParts';

const EVENT_TYPES = Object.keys(ORDER_PAYLOADS);

/** Every inspection in order: which, of what, the result and reason, who signed. */
export function InspectionsCard({ order, names }: { order: OrderDetail; names: Map<string, string> }) {
  const { t } = useTranslation();
  const titles = new Map(order.items.map((i) => [i.itemId, i.title]));
  return (
    <Card
      size="small"
      title={t('orders.inspections.title', { n: order.inspections.length })}
      data-testid="order-inspections"
    >
      {order.inspections.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('orders.inspections.none')} />
      ) : (
        <ol className="ld-orders-log">
          {order.inspections.map((x) => (
            <li
              key={x.eventId}
              data-testid="inspection"
              data-inspection={x.inspection}
              data-result={x.result}
            >
              <span className="ld-muted ld-orders-log-at">{formatDateTime(x.at).slice(5)}</span>
              <span className={`ld-tag ld-tag-${x.result === 'pass' ? 'success' : 'red'}`}>
                {t(`orders.inspection.${x.inspection}`)} · {t(`orders.result.${x.result}`)}
              </span>
              <span>{x.itemId ? (titles.get(x.itemId) ?? '—') : t('orders.wholeOrder')}</span>
              {x.signatures.map((s) => (
                <SignatureText key={`${s.signer}-${s.role}`} sig={s} names={names} />
              ))}
              {x.reason ? (
                <Typography.Text
                  type={x.result === 'fail' ? 'danger' : 'secondary'}
                  className="ld-orders-log-reason"
                >
                  {x.reason}
                </Typography.Text>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}

/** The order's events, newest last: when, who, what (and which item). */
export function OrderTimeline({ order }: { order: OrderDetail }) {
  const { t } = useTranslation();
  const titles = new Map(order.items.map((i) => [i.itemId, i.title]));
  return (
    <Card size="small" title={t('orders.timeline.title')} data-testid="order-timeline">
      <ol className="ld-orders-log">
        {order.timeline.map((e) => {
          const p = (e.payload ?? {}) as { itemId?: unknown; item?: { title?: unknown } };
          const title =
            typeof p.itemId === 'string'
              ? titles.get(p.itemId)
              : typeof p.item?.title === 'string'
                ? p.item.title
                : undefined;
          const known = EVENT_TYPES.includes(e.type);
          return (
            <li key={e.eventId} data-testid="timeline-entry" data-type={e.type}>
              <span className="ld-muted ld-orders-log-at">{formatDateTime(e.at)}</span>
              <span>{known ? t(`orders.event.${e.type.slice('order.'.length) as 'opened'}`) : e.type}</span>
              {title ? <span className="ld-muted">{title}</span> : null}
              <span className="ld-muted">{e.actorName || e.actor}</span>
            </li>
          );
        })}
      </ol>
    </Card>
  );
}
