/**
 * The follow-up call after release (出厂回访, issue 11 item 6) in the order
 * view: when it is due (3 calendar days after release at the end of that
 * working day, branch calendar), whether it is done (a call reached the
 * customer), the calls made, and for the front desk a form to record one
 * (`order.followUp.record`): the outcome, when, and when reached who and
 * the satisfaction 1-5. The callback queue (主管看板, 我的待办) leads here.
 * Nothing before the release.
 */
import { useState } from 'react';
import { Button, Card, Rate, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrderDetail } from '../../../../shared/contract/methods/orders';
import { callDesk } from '../../lib/desk';
import { formatDateTime } from '../../lib/format';
import { isFrontDesk } from '../../stores/orders';
import { CallRecordForm } from '../handling/CallRecordForm';
import { newestFirst, OutcomeTag } from '../handling/followUpShared';

const TONE = { due: 'gold', overdue: 'red', done: 'success' } as const;

interface Props {
  order: OrderDetail;
  role: string | undefined;
  /** The order view after a call was recorded. */
  onDone(order: OrderDetail): void;
}

export function FollowUpCard({ order, role, onDone }: Props) {
  const { t } = useTranslation();
  const [again, setAgain] = useState(false);
  if (!order.released) return null;

  const done = order.followUps.some((f) => f.outcome === 'reached');
  const due = order.followUpDueAt;
  // Overdue by the desk's clock (order.get's followUpState, as the callback queue says), not the window's.
  const state = done ? 'done' : order.followUpState === 'overdue' ? 'overdue' : 'due';
  const canRecord = isFrontDesk(role);
  const showForm = canRecord && (!done || again);

  return (
    <Card
      size="small"
      title={t('orderFollowUp.card.title')}
      data-testid="order-follow-up"
      data-state={state}
      extra={
        <span className="ld-fu-line">
          <span className={`ld-tag ld-tag-${TONE[state]}`} data-testid="order-follow-up-state">
            {t(`orderFollowUp.card.state.${state}`)}
          </span>
          {due ? (
            <span className="ld-muted" data-testid="order-follow-up-due">
              {t('orderFollowUp.card.due', { at: formatDateTime(due) })}
            </span>
          ) : null}
        </span>
      }
    >
      {showForm ? (
        <CallRecordForm
          kind="order"
          notBefore={order.released.at}
          record={(call) => callDesk('order.followUp.record', { orderId: order.id, ...call })}
          onRecorded={(o) => {
            setAgain(false);
            onDone(o);
          }}
        />
      ) : canRecord ? (
        <Button size="small" onClick={() => setAgain(true)} data-testid="order-follow-up-again">
          {t('orderFollowUp.card.again')}
        </Button>
      ) : (
        <Typography.Text type="secondary">{t('orderFollowUp.card.frontDeskOnly')}</Typography.Text>
      )}
      {order.followUps.length === 0 ? (
        <Typography.Paragraph type="secondary" className="ld-fu-empty" style={{ marginTop: 8 }}>
          {t('orderFollowUp.card.empty')}
        </Typography.Paragraph>
      ) : (
        <ul className="ld-fu-list" data-testid="order-follow-up-list">
          {newestFirst(order.followUps).map((f) => (
            <li key={f.eventId} data-testid="order-follow-up-item" data-outcome={f.outcome}>
              <div className="ld-fu-line">
                <OutcomeTag outcome={f.outcome} />
                {f.reachedWho ? <span>{f.reachedWho}</span> : null}
                {f.satisfaction !== null ? (
                  <Rate
                    disabled
                    value={f.satisfaction}
                    style={{ fontSize: 13 }}
                    aria-label={t('orderFollowUp.card.stars', { n: f.satisfaction })}
                  />
                ) : null}
              </div>
              <div className="ld-muted ld-fu-meta">
                {formatDateTime(f.at)} · {f.actorName}
              </div>
              {f.comment ? <div className="ld-fu-note">{f.comment}</div> : null}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
