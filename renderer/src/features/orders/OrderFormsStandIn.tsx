/**
 * TEMPORARY stand-in for the order view (route `order`) until O5a's
 * OrderPage is merged: the order's number and status, and the front desk's
 * panel (FrontDeskPanel) the real order view mounts. The lead replaces its
 * route case with OrderPage and deletes this file.
 */
import { useEffect, useState } from 'react';
import { Card, Result, Spin, Tag } from 'antd';
import type { OrderDetail } from '../../../../shared/contract/methods/orders';
import { callDesk } from '../../lib/desk';
import { FrontDeskPanel } from './FrontDeskPanel';

export function OrderFormsStandIn({ orderId }: { orderId: string }) {
  const [order, setOrder] = useState<OrderDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void callDesk('order.get', { orderId }).then((r) => {
      if (!live) return;
      if (r.ok) setOrder(r.value);
      else setError(r.error.message);
    });
    return () => {
      live = false;
    };
  }, [orderId]);
  if (error) return <Result status="warning" title={error} />;
  if (!order) return <Spin />;
  return (
    <Card
      title={
        <span data-testid="order-number">
          {order.number} <Tag>{order.status}</Tag>
        </span>
      }
      style={{ maxWidth: 1120, width: '100%', alignSelf: 'center' }}
      data-testid="order-page"
    >
      <FrontDeskPanel order={order} onDone={setOrder} />
    </Card>
  );
}
