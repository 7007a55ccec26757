/**
 * The form that records one call to the customer after the work is done: a
 * case's callback (回访, CallbacksCard) and an order's follow-up call after
 * release (出厂回访, orders/FollowUpCard) ask the same things: the outcome,
 * when (empty = now), and when reached who and the satisfaction 1-5, and a
 * note. The caller says which write records it; the form trims the values,
 * shows the desk's field errors under their fields and clears itself once
 * recorded. `kind` picks the wording and the testids each screen has.
 */
import { useState } from 'react';
import { Button, Form, Input, Rate, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { CONTACT_OUTCOMES, type ContactOutcome } from '../../../../shared/domain/cases/payloads';
import { LIMITS } from '../../../../shared/domain/kernel/limits';
import type { Result } from '../../../../shared/contract/result';
import { onCtrlEnter } from '../../lib/keys';
import { pickedInstant, settle, WhenPicker } from './followUpShared';

interface Values {
  outcome?: ContactOutcome;
  at?: Dayjs | null;
  reachedWho?: string;
  satisfaction?: number;
  comment?: string;
}

const PATHS = ['outcome', 'at', 'reachedWho', 'satisfaction', 'comment'] as const;

/** What both writes (`case.callback.record`, `order.followUp.record`) take besides the case or order id. */
export interface CallRecord {
  outcome: ContactOutcome;
  reachedWho: string;
  satisfaction: number | null;
  comment: string;
  at?: string;
}

const TEXT = {
  case: {
    testId: 'callback',
    outcome: 'followUp.callbacks.outcome',
    at: 'followUp.at',
    reachedWho: 'followUp.callbacks.reachedWho',
    reachedWhoPlaceholder: 'followUp.callbacks.reachedWhoPlaceholder',
    satisfaction: 'followUp.callbacks.satisfaction',
    stars: 'followUp.callbacks.stars',
    comment: 'followUp.callbacks.comment',
    commentPlaceholder: 'followUp.callbacks.commentPlaceholder',
    record: 'followUp.callbacks.record',
    recorded: 'followUp.callbacks.recorded',
    required: 'followUp.actions.required',
  },
  order: {
    testId: 'order-follow-up',
    outcome: 'orderFollowUp.card.outcome',
    at: 'orderFollowUp.card.at',
    reachedWho: 'orderFollowUp.card.reachedWho',
    reachedWhoPlaceholder: 'orderFollowUp.card.reachedWhoPlaceholder',
    satisfaction: 'orderFollowUp.card.satisfaction',
    stars: 'orderFollowUp.card.stars',
    comment: 'orderFollowUp.card.comment',
    commentPlaceholder: 'orderFollowUp.card.commentPlaceholder',
    record: 'orderFollowUp.card.record',
    recorded: 'orderFollowUp.card.recorded',
    required: 'orderFollowUp.card.required',
  },
} as const;

interface Props<T> {
  kind: keyof typeof TEXT;
  /** Records the call; the form shows the answer. */
  record(call: CallRecord): Promise<Result<T>>;
  /** After a recorded call, with the write's answer. */
  onRecorded(value: T): void;
  /** No earlier day can be picked for "when" (an order's release). */
  notBefore?: string;
  /** The outcome select's id, for a label or a focus that points at the form. */
  firstControlId?: string;
}

export function CallRecordForm<T>({ kind, record, onRecorded, notBefore, firstControlId }: Props<T>) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const outcome = Form.useWatch('outcome', form);
  const text = TEXT[kind];
  const id = text.testId;

  async function submit(v: Values) {
    if (busy || !v.outcome) return;
    setBusy(true);
    const isReached = v.outcome === 'reached';
    const r = await record({
      outcome: v.outcome,
      reachedWho: isReached ? (v.reachedWho ?? '').trim() : '',
      satisfaction: isReached && v.satisfaction ? v.satisfaction : null,
      comment: (v.comment ?? '').trim(),
      ...pickedInstant(v.at),
    });
    setBusy(false);
    if (settle(r, form, PATHS, t(text.recorded)) && r.ok) {
      form.resetFields();
      onRecorded(r.value);
    }
  }

  // A rule with `whitespace` is validated as a string: the satisfaction (a number) gets none.
  const required = (field: string, isText: boolean) => [
    { required: true, ...(isText ? { whitespace: true } : {}), message: t(text.required, { field }) },
  ];

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      disabled={busy}
      onFinish={(v) => void submit(v)}
      onKeyDown={(e) => onCtrlEnter(e, () => form.submit())}
      className="ld-fu-form"
      data-testid={`${id}-form`}
    >
      <div className="ld-fu-grid">
        <Form.Item name="outcome" label={t(text.outcome)} htmlFor={firstControlId}>
          <Select<ContactOutcome>
            id={firstControlId}
            placeholder={t('handling.selectOption')}
            options={CONTACT_OUTCOMES.map((o) => ({ value: o, label: t(`followUp.outcome.${o}`) }))}
            data-testid={`${id}-outcome`}
          />
        </Form.Item>
        <Form.Item name="at" label={t(text.at)}>
          <WhenPicker notBefore={notBefore} testId={`${id}-at`} />
        </Form.Item>
      </div>
      {outcome === 'reached' ? (
        <div className="ld-fu-grid">
          <Form.Item
            name="reachedWho"
            label={t(text.reachedWho)}
            required
            rules={required(t(text.reachedWho), true)}
          >
            <Input
              maxLength={LIMITS.shortText}
              placeholder={t(text.reachedWhoPlaceholder)}
              data-testid={`${id}-who`}
            />
          </Form.Item>
          <Form.Item
            name="satisfaction"
            label={t(text.satisfaction)}
            required
            rules={required(t(text.satisfaction), false)}
          >
            <Rate
              aria-label={t(text.satisfaction)}
              tooltips={[1, 2, 3, 4, 5].map((n) => t(text.stars, { n }))}
              data-testid={`${id}-satisfaction`}
            />
          </Form.Item>
        </div>
      ) : null}
      <Form.Item name="comment" label={t(text.comment)}>
        <Input.TextArea
          maxLength={LIMITS.longText}
          autoSize={{ minRows: 1, maxRows: 5 }}
          placeholder={t(text.commentPlaceholder)}
          data-testid={`${id}-comment`}
        />
      </Form.Item>
      <Button
        type="primary"
        htmlType="submit"
        loading={busy}
        disabled={!outcome}
        data-testid={`${id}-submit`}
      >
        {t(text.record)}
      </Button>
    </Form>
  );
}
