/**
 * Small pieces the order screens share: status tags, who a staff id is, a
 * signature's words, and the desk's order writes (answering with the new
 * order view).
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InputOf, MethodName } from '../../../../shared/contract/api';
import type { OrderDetail, OrderItemView, OrderSummary } from '../../../../shared/contract/methods/orders';
import type { Result } from '../../../../shared/contract/result';
import type { Signature } from '../../../../shared/domain/orders/payloads';
import { callDesk } from '../../lib/desk';
import { formatDateTime } from '../../lib/format';

const STATUS_TONE: Record<OrderSummary['status'], string> = {
  open: 'plain',
  in_work: 'processing',
  awaiting_final: 'gold',
  ready: 'success',
  released: 'purple',
};

const ITEM_TONE: Record<OrderItemView['status'], string> = {
  waiting_consent: 'gold',
  refused: 'plain',
  open: 'plain',
  in_work: 'processing',
  finished: 'success',
  rework: 'red',
};

export function OrderStatusTag({ status }: { status: OrderSummary['status'] }) {
  const { t } = useTranslation();
  return (
    <span className={`ld-tag ld-tag-${STATUS_TONE[status]}`} data-testid="order-status" data-status={status}>
      {t(`orders.status.${status}`)}
    </span>
  );
}

export function ItemStatusTag({ status }: { status: OrderItemView['status'] }) {
  const { t } = useTranslation();
  return (
    <span className={`ld-tag ld-tag-${ITEM_TONE[status]}`} data-testid="item-status" data-status={status}>
      {t(`orders.itemStatus.${status}`)}
    </span>
  );
}

/** The time now, read again every minute (what is late shows red without a reload). */
export function useNow(everyMs = 60_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** Staff id -> name, read once per screen (signatures name the signer by id). */
export function useStaffNames(): Map<string, string> {
  const [names, setNames] = useState<Map<string, string>>(new Map());
  useEffect(() => {
    let alive = true;
    void callDesk('staff.list', {}).then((r) => {
      if (alive && r.ok) setNames(new Map(r.value.map((s) => [s.id, s.name])));
    });
    return () => {
      alive = false;
    };
  }, []);
  return names;
}

/** "王组长（班组长）11-30 14:05": who signed, in which role, when. */
export function SignatureText({ sig, names }: { sig: Signature; names: Map<string, string> }) {
  const { t } = useTranslation();
  return (
    <span className="ld-orders-sig" data-testid="signature">
      {t('orders.signedBy', {
        name: names.get(sig.signer) ?? sig.signer.slice(0, 8),
        role: t(`roles.${sig.role}`),
        at: formatDateTime(sig.signedAt).slice(5),
      })}
    </span>
  );
}

/** Methods that answer with the order view. */
export type OrderWrite = Extract<
  MethodName,
  | 'order.startItem'
  | 'order.finishItem'
  | 'order.handItem'
  | 'order.inspect'
  | 'order.approveSubstitution'
  | 'order.release'
>;

/** Sends an order write; the answer is the order view after it. */
export function writeOrder<M extends OrderWrite>(method: M, input: InputOf<M>): Promise<Result<OrderDetail>> {
  return callDesk(method, input) as Promise<Result<OrderDetail>>;
}
