import { Button, Card, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrderDetail, OrderItemView } from '../../../../shared/contract/methods/orders';
import { INSPECTIONS, type Inspection } from '../../../../shared/domain/orders/payloads';
import { tradeLabel, type OrderTemplates } from '../../../../shared/domain/orders/template';
import { useLocale } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { isFrontDesk, isWorkshop } from '../../stores/orders';
import { ItemStatusTag, SignatureText } from './orderParts';

export type ItemAct =
  | { act: 'start' | 'finish' | 'hand' | 'substitute'; item: OrderItemView }
  | { act: 'inspect'; item: OrderItemView | null; inspection: Inspection };

interface Props {
  order: OrderDetail;
  templates: OrderTemplates | null;
  role: string | undefined;
  names: Map<string, string>;
  busy: string | null;
  onAct(a: ItemAct): void;
}

/** Whether an item still needs this check for the gate (process: safety items only). */
function asked(item: OrderItemView, inspection: Inspection): boolean {
  return inspection !== 'process' || item.safety;
}

/** One check's latest counted result: who signed and when; a pass before the last finish is stale. */
function CheckCell({
  item,
  inspection,
  names,
}: {
  item: OrderItemView;
  inspection: Inspection;
  names: Map<string, string>;
}) {
  const { t } = useTranslation();
  const c = item.checks[inspection];
  if (!c) {
    return (
      <span className="ld-muted" data-testid={`check-${inspection}`} data-result="none">
        {asked(item, inspection) ? t('orders.check.none') : t('orders.check.notAsked')}
      </span>
    );
  }
  const tone = c.result === 'fail' ? 'red' : c.current ? 'success' : 'plain';
  const word =
    c.result === 'fail'
      ? t('orders.result.fail')
      : c.current
        ? t('orders.result.pass')
        : t('orders.check.stale');
  return (
    <div
      className="ld-orders-check"
      data-testid={`check-${inspection}`}
      data-result={c.result}
      data-current={String(c.current)}
    >
      <span className={`ld-tag ld-tag-${tone}`} title={c.reason || undefined}>
        {word}
      </span>
      {c.signatures.map((s) => (
        <SignatureText key={`${s.signer}-${s.role}`} sig={s} names={names} />
      ))}
    </div>
  );
}

/**
 * The order's items: trade, safety, origin, status, the latest self,
 * process and final check with who signed and when, and what may be done
 * next by whom: start and finish (team lead, supervisor), the three
 * inspections (opening the signing dialog; anyone at the desk may open it,
 * the signers sign), a hand-over to another trade and a part substitution.
 */
export function ItemsCard({ order, templates, role, names, busy, onAct }: Props) {
  const { t } = useTranslation();
  const locale = useLocale((s) => s.locale);
  const workshop = isWorkshop(role);
  const canSubstitute = isFrontDesk(role) || role === 'lead';
  const released = order.released !== null;
  const gateItems = order.items.filter((i) => i.status !== 'refused' && i.status !== 'waiting_consent');
  const allFinished = gateItems.length > 0 && gateItems.every((i) => i.status === 'finished');
  // Part substitutions (代用件) per item, in the order they were approved (the fold keeps only approved ones).
  const substitutions = new Map<string, OrderDetail['substitutions']>();
  for (const x of order.substitutions) {
    substitutions.set(x.itemId, [...(substitutions.get(x.itemId) ?? []), x]);
  }

  return (
    <Card
      size="small"
      title={t('orders.items.title', { n: order.items.length })}
      data-testid="order-items"
      extra={
        !released && allFinished && order.items.length > 1 ? (
          <Button
            size="small"
            onClick={() => onAct({ act: 'inspect', item: null, inspection: 'final' })}
            data-testid="inspect-whole-final"
          >
            {t('orders.items.wholeFinal')}
          </Button>
        ) : null
      }
    >
      <Table<OrderItemView>
        size="small"
        rowKey="itemId"
        pagination={false}
        dataSource={order.items}
        className="ld-orders-items"
        onRow={(i) =>
          ({ 'data-testid': 'order-item', 'data-title': i.title, 'data-status': i.status }) as object
        }
        columns={[
          {
            title: t('orders.items.item'),
            key: 'item',
            render: (_: unknown, i) => (
              <div className="ld-orders-item-title">
                <span data-testid="item-title">{i.title}</span>
                <span className="ld-orders-item-tags">
                  {i.safety ? (
                    <span className="ld-tag ld-tag-red" data-testid="item-safety">
                      {t('orders.safety')}
                    </span>
                  ) : null}
                  {i.origin !== 'reported' ? (
                    <span className="ld-tag ld-tag-volcano" data-testid="item-origin">
                      {t(`orders.origin.${i.origin}`)}
                    </span>
                  ) : null}
                  <span className="ld-muted ld-orders-trade">
                    {templates ? tradeLabel(templates, i.trade, locale) : i.trade}
                  </span>
                </span>
                {i.lastFailure && (i.status === 'rework' || i.status === 'in_work') ? (
                  <Typography.Text type="danger" className="ld-orders-failure" data-testid="item-failure">
                    {t('orders.items.failedBecause', {
                      inspection: t(`orders.inspection.${i.lastFailure.inspection}`),
                      reason: i.lastFailure.reason,
                      at: formatDateTime(i.lastFailure.at).slice(5),
                    })}
                  </Typography.Text>
                ) : null}
                {(substitutions.get(i.itemId) ?? []).map((x, n) => (
                  <div key={n} className="ld-orders-subst" data-testid="item-substitution">
                    <span className="ld-tag ld-tag-gold ld-orders-inline-tag">
                      {t('orders.items.substituted')}
                    </span>
                    <span data-testid="item-substitution-parts">
                      {t('orders.items.substitutedParts', { original: x.original, substitute: x.substitute })}
                    </span>
                    <span className="ld-muted">
                      {' · '}
                      {t('orders.items.customerApproved')}
                      {x.approvedBy ? (
                        <>
                          {' · '}
                          <SignatureText sig={x.approvedBy} names={names} />
                        </>
                      ) : null}
                    </span>
                  </div>
                ))}
              </div>
            ),
          },
          {
            title: t('orders.items.status'),
            key: 'status',
            width: 96,
            render: (_: unknown, i) => <ItemStatusTag status={i.status} />,
          },
          ...INSPECTIONS.map((ins) => ({
            title: t(`orders.inspection.${ins}`),
            key: ins,
            width: 138,
            render: (_: unknown, i: OrderItemView) => <CheckCell item={i} inspection={ins} names={names} />,
          })),
          {
            title: t('orders.items.actions'),
            key: 'actions',
            width: 200,
            render: (_: unknown, i) => {
              if (released || i.status === 'refused' || i.status === 'waiting_consent') return null;
              const working = busy === i.itemId;
              return (
                <Space size={4} wrap>
                  {workshop && (i.status === 'open' || i.status === 'rework') ? (
                    <Button
                      size="small"
                      type="primary"
                      loading={working}
                      onClick={() => onAct({ act: 'start', item: i })}
                      data-testid="item-start"
                    >
                      {t('orders.act.start')}
                    </Button>
                  ) : null}
                  {workshop && i.status === 'in_work' ? (
                    <Button
                      size="small"
                      type="primary"
                      loading={working}
                      onClick={() => onAct({ act: 'finish', item: i })}
                      data-testid="item-finish"
                    >
                      {t('orders.act.finish')}
                    </Button>
                  ) : null}
                  {i.status === 'finished'
                    ? INSPECTIONS.filter((ins) => asked(i, ins)).map((ins) => (
                        <Button
                          key={ins}
                          size="small"
                          onClick={() => onAct({ act: 'inspect', item: i, inspection: ins })}
                          data-testid={`item-inspect-${ins}`}
                        >
                          {t(`orders.inspection.${ins}`)}
                        </Button>
                      ))
                    : null}
                  {i.status === 'in_work' || i.status === 'finished' ? (
                    <Button
                      size="small"
                      type="link"
                      onClick={() => onAct({ act: 'hand', item: i })}
                      data-testid="item-hand"
                    >
                      {t('orders.act.hand')}
                    </Button>
                  ) : null}
                  {/* A substitute replaces a quoted part: an item quoted without parts has none to replace. */}
                  {canSubstitute && i.parts.length > 0 ? (
                    <Button
                      size="small"
                      type="link"
                      onClick={() => onAct({ act: 'substitute', item: i })}
                      data-testid="item-substitute"
                    >
                      {t('orders.act.substitute')}
                    </Button>
                  ) : null}
                </Space>
              );
            },
          },
        ]}
      />
    </Card>
  );
}
