import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, Button, Card, Descriptions, Result, Space, Spin, Typography } from 'antd';
import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { templatesForOrder } from '../../../../shared/domain/orders/shipped';
import type { OrderDetail, OrderItemView } from '../../../../shared/contract/methods/orders';
import type { ApiError } from '../../../../shared/contract/result';
import { localize, type Locale } from '../../../../shared/domain/kernel/locale';
import { findKind, kindLabel, type OrderTemplates } from '../../../../shared/domain/orders/template';
import { useLocale } from '../../i18n';
import { callDesk } from '../../lib/desk';
import { formatDateTime } from '../../lib/format';
import { showError, showSuccess } from '../../lib/notify';
import { useNav } from '../../stores/nav';
import { isFrontDesk, onOrderChanged, useOrders } from '../../stores/orders';
import { useSession } from '../../stores/session';
import { GateChecklist } from './GateChecklist';
import { InspectionsCard, OrderTimeline } from './InspectionsCard';
import { ItemsCard, type ItemAct } from './ItemsCard';
import { LinkedCases } from './LinkedCases';
import { HandDialog, ReleaseDialog, SubstitutionDialog } from './OrderDialogs';
import { FrontDeskPanel } from './FrontDeskPanel';
import { FollowUpCard } from './FollowUpCard';
import { OrderStatusTag, useNow, useStaffNames, writeOrder } from './orderParts';
import { ResponsibilityDialog, ResponsibilityView } from './ResponsibilityDialog';
import { SignDialog, type SignTarget } from './SignDialog';
import './orders.css';

type Dialog =
  | { kind: 'sign'; target: SignTarget }
  | { kind: 'hand' | 'substitute'; item: OrderItemView }
  | { kind: 'release' | 'responsibility' }
  | null;

/**
 * `#/orders/<id>`: one work order. Its header (number, status, customer,
 * vehicle or device, promised time, the rework link both ways, linked
 * cases), the gate's checklist beside it, the items with their checks and
 * what may be done next, the inspections, the refused release attempts and
 * flags, and the timeline. Read again when the order changes elsewhere
 * (`order.changed`) and when the language changes (the desk words the gaps).
 */
export function OrderPage({ orderId }: { orderId: string }) {
  const { t } = useTranslation();
  const locale = useLocale((s) => s.locale);
  const role = useSession((s) => s.staff?.role);
  const go = useNav((s) => s.go);
  const templates = useOrders((s) => s.templates);
  const names = useStaffNames();
  const now = useNow();
  const [order, setOrder] = useState<OrderDetail | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<string[] | null>(null);

  const releasedRef = useRef(false);
  const knownReturns = useRef(new Set<string>());
  useEffect(() => {
    releasedRef.current = order?.released != null;
    knownReturns.current = new Set(order?.reworkReturns.map((r) => r.orderId) ?? []);
  }, [order]);

  // Each change of `reads` reads the order again (open, language, changed elsewhere, refused release).
  const [reads, setReads] = useState(0);
  const load = useCallback(() => setReads((n) => n + 1), []);

  useEffect(() => {
    void useOrders.getState().loadTemplates();
  }, []);

  // Read on open, on a language change (the desk words the gaps), and when asked.
  useEffect(() => {
    let alive = true;
    void callDesk('order.get', { orderId }).then((r) => {
      if (!alive) return;
      if (r.ok) {
        setOrder(r.value);
        setError(null);
      } else setError(r.error);
    });
    return () => {
      alive = false;
    };
  }, [orderId, locale, reads]);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const stop = onOrderChanged((id) => {
      // Another order may be a new rework return of this one (only a released order gets one).
      const mine = id === orderId || (releasedRef.current && !knownReturns.current.has(id));
      if (!mine || timer) return;
      timer = setTimeout(() => {
        timer = null;
        load();
      }, 150);
    });
    return () => {
      stop();
      if (timer) clearTimeout(timer);
    };
  }, [orderId, load]);

  function shown(d: OrderDetail) {
    setOrder(d);
    setRefusal(null);
  }

  async function act(a: ItemAct) {
    if (!order) return;
    if (a.act === 'inspect')
      return setDialog({ kind: 'sign', target: { inspection: a.inspection, item: a.item } });
    if (a.act === 'hand' || a.act === 'substitute') return setDialog({ kind: a.act, item: a.item });
    setBusy(a.item.itemId);
    const r =
      a.act === 'start'
        ? await writeOrder('order.startItem', { orderId: order.id, itemId: a.item.itemId })
        : await writeOrder('order.finishItem', { orderId: order.id, itemId: a.item.itemId });
    setBusy(null);
    if (r.ok) {
      shown(r.value);
      showSuccess(
        t(a.act === 'start' ? 'orders.done.started' : 'orders.done.finished', { item: a.item.title }),
      );
    } else showError(r.error);
  }

  if (error && !order) {
    return (
      <Result
        status={error.code === 'not_found' ? '404' : 'error'}
        title={<span data-testid="order-load-error">{error.message}</span>}
        extra={
          <Button type="primary" autoFocus onClick={() => go({ name: 'orders' })}>
            {t('orders.backToBoard')}
          </Button>
        }
      />
    );
  }
  if (!order) return <Spin />;
  // An order of the shipped template version is judged by the shipped file, whatever this desk runs (as the core and the fold judge it).
  const forOrder = templates ? templatesForOrder(templates, order.templateVersion) : null;

  const late = order.released === null && Date.parse(order.promisedAt) < now;
  const closeDialog = () => setDialog(null);
  const afterDialog = (d: OrderDetail, text: string) => {
    setDialog(null);
    shown(d);
    showSuccess(text);
  };

  return (
    <div
      className="ld-orders-page"
      data-testid="order-page"
      data-number={order.number}
      data-status={order.status}
    >
      <div className="ld-work-head">
        <Button icon={<ArrowLeftOutlined />} onClick={() => go({ name: 'orders' })} data-testid="order-back">
          {t('orders.backToBoard')}
        </Button>
        <Typography.Title
          level={4}
          style={{ margin: 0 }}
          className="ld-grid-number"
          data-testid="order-number"
        >
          {order.number}
        </Typography.Title>
        <OrderStatusTag status={order.status} />
        {order.failures > 0 ? (
          <span className="ld-tag ld-tag-volcano" data-testid="order-failures">
            {t('orders.failuresN', { n: order.failures })}
          </span>
        ) : null}
        <span style={{ flex: 1 }} />
        <Button icon={<ReloadOutlined />} onClick={() => load()} aria-label={t('orders.reload')} />
      </div>
      <div className="ld-orders-layout">
        <div className="ld-orders-main">
          <Card size="small" className="ld-orders-header" data-testid="order-header">
            <Descriptions size="small" column={2} colon={false}>
              <Descriptions.Item label={t('orders.f.customer')}>
                <span data-testid="order-customer">
                  {order.customer.name} {order.customer.phone}
                </span>
              </Descriptions.Item>
              <Descriptions.Item label={t('orders.f.kind')}>
                {forOrder ? kindLabel(forOrder, order.kind, locale) : order.kind}
              </Descriptions.Item>
              <Descriptions.Item
                label={order.subject.kind === 'vehicle' ? t('orders.f.vehicle') : t('orders.f.device')}
              >
                <span data-testid="order-subject">
                  {[order.subject.plate, order.subject.model, order.subject.vinOrSerial]
                    .filter(Boolean)
                    .join(' · ') || '—'}
                </span>
              </Descriptions.Item>
              <Descriptions.Item label={t('orders.f.readingsBefore')}>
                <span data-testid="order-readings">{readingsText(order, forOrder, locale) || '—'}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('orders.f.received')}>
                {formatDateTime(order.receivedAt)}
              </Descriptions.Item>
              <Descriptions.Item label={t('orders.f.promised')}>
                <span className={late ? 'ld-orders-late' : undefined} data-testid="order-promised">
                  {formatDateTime(order.promisedAt)}
                </span>
              </Descriptions.Item>
              <Descriptions.Item label={t('orders.f.owner')}>{order.ownerName}</Descriptions.Item>
              {order.followUpDueAt ? (
                <Descriptions.Item label={t('orders.f.followUp')}>
                  {formatDateTime(order.followUpDueAt)}
                </Descriptions.Item>
              ) : null}
              {order.reworkOfOrder ? (
                <Descriptions.Item label={t('orders.f.reworkOf')}>
                  <Button
                    type="link"
                    size="small"
                    className="ld-orders-link"
                    onClick={() => go({ name: 'order', id: order.reworkOfOrder?.orderId ?? '' })}
                    data-testid="order-rework-of"
                  >
                    {order.reworkOfOrder.number}
                  </Button>
                  <span className="ld-muted">
                    {t('orders.f.releasedOn', { at: formatDateTime(order.reworkOfOrder.releasedAt) })}
                  </span>
                </Descriptions.Item>
              ) : null}
              {order.reworkReturns.length > 0 ? (
                <Descriptions.Item label={t('orders.f.reworkReturns')}>
                  <Space size={4} wrap>
                    {order.reworkReturns.map((r) => (
                      <Button
                        key={r.orderId}
                        type="link"
                        size="small"
                        className="ld-orders-link"
                        onClick={() => go({ name: 'order', id: r.orderId })}
                        data-testid="order-rework-return"
                      >
                        {r.number}
                      </Button>
                    ))}
                  </Space>
                </Descriptions.Item>
              ) : null}
              {order.responsibility || order.reworkOf ? (
                <Descriptions.Item label={t('orders.f.responsibility')} span={2}>
                  <ResponsibilityView
                    order={order}
                    role={role}
                    names={names}
                    onDecide={() => setDialog({ kind: 'responsibility' })}
                  />
                </Descriptions.Item>
              ) : null}
            </Descriptions>
          </Card>
          <LinkedCases order={order} onDone={shown} />
          <FollowUpCard order={order} role={role} onDone={shown} />
          {error ? <Alert type="error" showIcon title={error.message} /> : null}
          <ItemsCard
            order={order}
            templates={forOrder}
            role={role}
            names={names}
            busy={busy}
            onAct={(a) => void act(a)}
          />
          {isFrontDesk(role) ? <FrontDeskPanel order={order} onDone={shown} /> : null}
          <div className="ld-orders-bottom">
            <InspectionsCard order={order} names={names} />
            <OrderTimeline order={order} />
          </div>
        </div>
        <div className="ld-orders-side">
          <GateChecklist
            order={order}
            role={role}
            refusal={refusal}
            onRelease={() => setDialog({ kind: 'release' })}
          />
        </div>
      </div>
      {forOrder ? (
        <>
          <SignDialog
            order={order}
            templates={forOrder}
            target={dialog?.kind === 'sign' ? dialog.target : null}
            onClose={closeDialog}
            onDone={(d) => afterDialog(d, t('orders.done.signed'))}
          />
          <HandDialog
            order={order}
            templates={forOrder}
            item={dialog?.kind === 'hand' ? dialog.item : null}
            onClose={closeDialog}
            onDone={(d) => afterDialog(d, t('orders.done.handed'))}
          />
          <SubstitutionDialog
            order={order}
            templates={forOrder}
            item={dialog?.kind === 'substitute' ? dialog.item : null}
            onClose={closeDialog}
            onDone={(d) => afterDialog(d, t('orders.done.substituted'))}
          />
          <ResponsibilityDialog
            order={order}
            open={dialog?.kind === 'responsibility'}
            onClose={closeDialog}
            onDone={(d) => afterDialog(d, t('orders.view2.resp.done'))}
          />
          <ReleaseDialog
            order={order}
            templates={forOrder}
            open={dialog?.kind === 'release'}
            onClose={closeDialog}
            onRefused={(gaps) => {
              setRefusal(gaps.length > 0 ? gaps : order.gate.missing.map((g) => g.text));
              load();
            }}
            onDone={(d) => afterDialog(d, t('orders.done.released', { number: d.number }))}
          />
        </>
      ) : null}
    </div>
  );
}

/** "里程 52,000 km · 油量 40 %": the readings before work with the template's labels and units. */
function readingsText(order: OrderDetail, templates: OrderTemplates | null, locale: Locale): string {
  const defs = templates ? (findKind(templates, order.kind)?.readings ?? []) : [];
  return Object.entries(order.subject.readingsBefore)
    .map(([key, v]) => {
      const def = defs.find((d) => d.key === key);
      const value = typeof v === 'number' ? v.toLocaleString(locale === 'en' ? 'en-US' : 'zh-CN') : v;
      return def
        ? `${localize(def.label, locale)} ${value}${def.unit ? ` ${def.unit}` : ''}`
        : `${key} ${value}`;
    })
    .join(' · ');
}
