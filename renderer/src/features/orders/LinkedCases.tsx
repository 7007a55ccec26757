/**
 * The order view's linked complaint cases (issue 11, item 5; docs/repair.md
 * "Linked cases"): each by its number, opening the case page; and, for the
 * front desk, 关联投诉 / Link a complaint: the case's number in a small
 * dialog (`order.linkCase` with `caseNumber`). A case not yet on this desk
 * (linked on another, not synced here) shows as such.
 */
import { useState } from 'react';
import { Button, Card } from 'antd';
import { LinkOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { OrderDetail } from '../../../../shared/contract/methods/orders';
import { callDesk } from '../../lib/desk';
import { showSuccess } from '../../lib/notify';
import { useNav } from '../../stores/nav';
import { isFrontDesk } from '../../stores/orders';
import { useSession } from '../../stores/session';
import { LinkNumberDialog } from './LinkNumberDialog';
import './orderLinks.css';

export function LinkedCases({ order, onDone }: { order: OrderDetail; onDone: (d: OrderDetail) => void }) {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  const front = isFrontDesk(useSession((s) => s.staff?.role));
  const [open, setOpen] = useState(false);
  if (order.cases.length === 0 && !front) return null;

  return (
    <Card size="small" data-testid="order-linked-cases">
      <div className="ld-order-links">
        <span className="ld-order-links-label">{t('orderLinks.cases')}</span>
        <span className="ld-order-links-list">
          {order.cases.length === 0 ? <span className="ld-muted">{t('orderLinks.noCases')}</span> : null}
          {order.cases.map((c) =>
            c.number === null ? (
              <span key={c.id} className="ld-muted" data-testid="order-linked-case">
                {t('orderLinks.caseNotHere')}
              </span>
            ) : (
              <Button
                key={c.id}
                type="link"
                size="small"
                className="ld-orders-link"
                onClick={() => go({ name: 'case', id: c.id })}
                data-testid="order-linked-case"
              >
                {c.number}
              </Button>
            ),
          )}
        </span>
        {front ? (
          <Button
            size="small"
            icon={<LinkOutlined />}
            onClick={() => setOpen(true)}
            data-testid="order-link-case"
          >
            {t('orderLinks.linkCase')}
          </Button>
        ) : null}
      </div>
      <LinkNumberDialog
        open={open}
        title={t('orderLinks.linkCaseTitle', { number: order.number })}
        label={t('orderLinks.caseNumber')}
        placeholder={t('orderLinks.caseNumberExample')}
        field="caseNumber"
        testId="link-case-dialog"
        link={(caseNumber) => callDesk('order.linkCase', { orderId: order.id, caseNumber })}
        onClose={() => setOpen(false)}
        onDone={(d) => {
          setOpen(false);
          onDone(d);
          showSuccess(t('orderLinks.linked'));
        }}
      />
    </Card>
  );
}
