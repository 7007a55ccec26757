/**
 * The case page's work orders (issue 11, item 5; docs/repair.md "Linked
 * cases"): 关联维修单 / Work orders, the orders linked to this complaint
 * (`order.forCase`), each with its number (opening the order), status and
 * plate; and, for the front desk, linking one by its number
 * (`order.linkCase` with `orderNumber`). Read again when an order changes
 * (a link made elsewhere arrives as `order.changed`). Hidden when the case
 * has no linked order and the desk holds no work order at all
 * (`deskHasOrders`): a bank counter sees no repair section.
 */
import { useEffect, useState } from 'react';
import { Button, Card } from 'antd';
import { LinkOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { OrderSummary } from '../../../../shared/contract/methods/orders';
import { callDesk } from '../../lib/desk';
import { showSuccess } from '../../lib/notify';
import { useNav } from '../../stores/nav';
import { isFrontDesk, onOrderChanged } from '../../stores/orders';
import { useSession } from '../../stores/session';
import { LinkNumberDialog } from './LinkNumberDialog';
import { OrderStatusTag } from './orderParts';
import './orderLinks.css';

export function CaseOrders({ caseId, caseNumber }: { caseId: string; caseNumber: string }) {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  const front = isFrontDesk(useSession((s) => s.staff?.role));
  const [orders, setOrders] = useState<{
    items: OrderSummary[];
    more: boolean;
    deskHasOrders?: boolean;
  } | null>(null);
  const [open, setOpen] = useState(false);
  const [reads, setReads] = useState(0);

  useEffect(() => {
    let alive = true;
    void callDesk('order.forCase', { caseId, withDesk: true }).then((r) => {
      if (alive && r.ok) setOrders(r.value);
    });
    return () => {
      alive = false;
    };
  }, [caseId, reads]);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const stop = onOrderChanged(() => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        setReads((n) => n + 1);
      }, 200);
    });
    return () => {
      stop();
      if (timer) clearTimeout(timer);
    };
  }, []);

  // Shown with linked orders, or to the front desk of a desk that has work orders at all:
  // a desk that never repairs (a bank counter) shows no repair words.
  if (orders === null || (orders.items.length === 0 && !(front && orders.deskHasOrders))) return null;

  return (
    <Card
      size="small"
      title={t('orderLinks.orders')}
      data-testid="case-orders"
      extra={
        front ? (
          <Button
            size="small"
            icon={<LinkOutlined />}
            onClick={() => setOpen(true)}
            data-testid="case-link-order"
          >
            {t('orderLinks.linkOrder')}
          </Button>
        ) : null
      }
    >
      {orders.items.length === 0 ? <span className="ld-muted">{t('orderLinks.noOrders')}</span> : null}
      <ul className="ld-case-orders">
        {orders.items.map((o) => (
          <li key={o.id} data-testid="case-order" data-number={o.number}>
            <Button
              type="link"
              size="small"
              className="ld-orders-link"
              onClick={() => go({ name: 'order', id: o.id })}
            >
              {o.number}
            </Button>
            <OrderStatusTag status={o.status} />
            <span className="ld-muted">{o.plate || o.vinOrSerial || '—'}</span>
          </li>
        ))}
      </ul>
      {orders.more ? <span className="ld-muted">{t('orderLinks.more')}</span> : null}
      <LinkNumberDialog
        open={open}
        title={t('orderLinks.linkOrderTitle', { number: caseNumber })}
        label={t('orderLinks.orderNumber')}
        placeholder={t('orderLinks.orderNumberExample')}
        field="orderNumber"
        testId="link-order-dialog"
        link={(orderNumber) => callDesk('order.linkCase', { orderNumber, caseId })}
        onClose={() => setOpen(false)}
        onDone={() => {
          setOpen(false);
          setReads((n) => n + 1);
          showSuccess(t('orderLinks.linked'));
        }}
      />
    </Card>
  );
}
