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
import { Button, Card, Form, Input, Rate, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { OrderDetail } from '../../../../shared/contract/methods/orders';
import { FOLLOW_UP_OUTCOMES } from '../../../../shared/domain/orders/payloads';
import { LIMITS } from '../../../../shared/domain/kernel/limits';
import { callDesk } from '../../lib/desk';
import { formatDateTime } from '../../lib/format';
import { applyFieldErrors } from '../../lib/formErrors';
import { onCtrlEnter } from '../../lib/keys';
import { clearErrors, showError, showSuccess } from '../../lib/notify';
import { isFrontDesk } from '../../stores/orders';
import { newestFirst, OutcomeTag, pickedInstant, WhenPicker } from '../handling/followUpShared';

type Outcome = (typeof FOLLOW_UP_OUTCOMES)[number];

interface Values {
  outcome?: Outcome;
  at?: Dayjs | null;
  reachedWho?: string;
  satisfaction?: number;
  comment?: string;
}

const PATHS = ['outcome', 'at', 'reachedWho', 'satisfaction', 'comment'] as const;
const TONE = { due: 'gold', overdue: 'red', done: 'success' } as const;

interface Props {
  order: OrderDetail;
  role: string | undefined;
  /** The order view after a call was recorded. */
  onDone(order: OrderDetail): void;
}

export function FollowUpCard({ order, role, onDone }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [again, setAgain] = useState(false);
  const outcome = Form.useWatch('outcome', form);
  if (!order.released) return null;

  const done = order.followUps.some((f) => f.outcome === 'reached');
  const due = order.followUpDueAt;
  // Overdue by the desk's clock (order.get's followUpState, as the callback queue says), not the window's.
  const state = done ? 'done' : order.followUpState === 'overdue' ? 'overdue' : 'due';
  const canRecord = isFrontDesk(role);
  const showForm = canRecord && (!done || again);
  const reached = outcome === 'reached';

  async function submit(v: Values) {
    if (busy || !v.outcome) return;
    setBusy(true);
    const isReached = v.outcome === 'reached';
    const r = await callDesk('order.followUp.record', {
      orderId: order.id,
      outcome: v.outcome,
      reachedWho: isReached ? (v.reachedWho ?? '').trim() : '',
      satisfaction: isReached && v.satisfaction ? v.satisfaction : null,
      comment: (v.comment ?? '').trim(),
      ...pickedInstant(v.at),
    });
    setBusy(false);
    if (r.ok) {
      clearErrors();
      showSuccess(t('orderFollowUp.card.recorded'));
      form.resetFields();
      setAgain(false);
      onDone(r.value);
      return;
    }
    const unmatched = applyFieldErrors(form, r.error.fields, PATHS);
    if (!r.error.fields || Object.keys(r.error.fields).length === 0 || unmatched.length > 0) {
      showError(r.error);
    }
  }

  const required = (field: string) => [
    { required: true, whitespace: true, message: t('orderFollowUp.card.required', { field }) },
  ];

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
        <Form<Values>
          form={form}
          layout="vertical"
          disabled={busy}
          onFinish={(v) => void submit(v)}
          onKeyDown={(e) => onCtrlEnter(e, () => form.submit())}
          className="ld-fu-form"
          data-testid="order-follow-up-form"
        >
          <div className="ld-fu-grid">
            <Form.Item name="outcome" label={t('orderFollowUp.card.outcome')}>
              <Select<Outcome>
                placeholder={t('handling.selectOption')}
                options={FOLLOW_UP_OUTCOMES.map((o) => ({ value: o, label: t(`followUp.outcome.${o}`) }))}
                data-testid="order-follow-up-outcome"
              />
            </Form.Item>
            <Form.Item name="at" label={t('orderFollowUp.card.at')}>
              <WhenPicker notBefore={order.released.at} testId="order-follow-up-at" />
            </Form.Item>
          </div>
          {reached ? (
            <div className="ld-fu-grid">
              <Form.Item
                name="reachedWho"
                label={t('orderFollowUp.card.reachedWho')}
                required
                rules={required(t('orderFollowUp.card.reachedWho'))}
              >
                <Input
                  maxLength={LIMITS.shortText}
                  placeholder={t('orderFollowUp.card.reachedWhoPlaceholder')}
                  data-testid="order-follow-up-who"
                />
              </Form.Item>
              <Form.Item
                name="satisfaction"
                label={t('orderFollowUp.card.satisfaction')}
                required
                rules={[
                  {
                    required: true,
                    message: t('orderFollowUp.card.required', {
                      field: t('orderFollowUp.card.satisfaction'),
                    }),
                  },
                ]}
              >
                <Rate
                  aria-label={t('orderFollowUp.card.satisfaction')}
                  tooltips={[1, 2, 3, 4, 5].map((n) => t('orderFollowUp.card.stars', { n }))}
                  data-testid="order-follow-up-satisfaction"
                />
              </Form.Item>
            </div>
          ) : null}
          <Form.Item name="comment" label={t('orderFollowUp.card.comment')}>
            <Input.TextArea
              maxLength={LIMITS.longText}
              autoSize={{ minRows: 1, maxRows: 4 }}
              placeholder={t('orderFollowUp.card.commentPlaceholder')}
              data-testid="order-follow-up-comment"
            />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            loading={busy}
            disabled={!outcome}
            data-testid="order-follow-up-submit"
          >
            {t('orderFollowUp.card.record')}
          </Button>
        </Form>
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
