/**
 * The callbacks tab (回访) of a closed case: where the callback stands (due,
 * done once the customer was reached, unreachable after the rule's number of
 * failed attempts), the callbacks made, and a form to record one: who was
 * reached, the outcome, satisfaction 1-5 (required when reached) and a comment.
 */
import { useEffect, useState } from 'react';
import { Button, Form, Input, Rate, Select, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../../../shared/contract/methods/cases';
import { CONTACT_OUTCOMES, type ContactOutcome } from '../../../../shared/domain/cases/payloads';
import { DEFAULT_DEADLINE_RULES } from '../../../../shared/domain/deadlines/rules';
import { LIMITS } from '../../../../shared/domain/kernel/limits';
import { callDesk } from '../../lib/desk';
import { formatDateTime } from '../../lib/format';
import { FIRST_CONTROL } from './followUpTab';
import { newestFirst, OutcomeTag, pickedInstant, settle, WhenPicker } from './followUpShared';
import { useOpenCase } from './openCase';
import { onCtrlEnter } from '../../lib/keys';

interface Values {
  outcome?: ContactOutcome;
  reachedWho?: string;
  satisfaction?: number;
  comment?: string;
  at?: Dayjs | null;
}

const PATHS = ['outcome', 'reachedWho', 'satisfaction', 'comment', 'at'] as const;

export type CallbackState = 'due' | 'done' | 'unreachable';

/** Done once someone was reached; unreachable after `maxFailed` failed attempts without that. */
export function callbackState(detail: Pick<CaseDetail, 'callbacks'>, maxFailed: number): CallbackState {
  if (detail.callbacks.some((c) => c.outcome === 'reached')) return 'done';
  return detail.callbacks.length >= maxFailed ? 'unreachable' : 'due';
}

const STATE_COLORS: Record<CallbackState, string> = { due: 'gold', done: 'green', unreachable: 'red' };

/** The branch's rule for failed callbacks (settings), the default until read. */
function useMaxFailed(): number {
  const [max, setMax] = useState(DEFAULT_DEADLINE_RULES.callbackMaxFailedAttempts);
  useEffect(() => {
    let alive = true;
    void callDesk('settings.rules.get', {}).then((r) => {
      if (alive && r.ok) setMax(r.value.rules.callbackMaxFailedAttempts);
    });
    return () => {
      alive = false;
    };
  }, []);
  return max;
}

export function CallbacksCard({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [again, setAgain] = useState(false);
  const maxFailed = useMaxFailed();
  const outcome = Form.useWatch('outcome', form);
  const reached = outcome === 'reached';
  const state = callbackState(detail, maxFailed);
  const failed = detail.callbacks.filter((c) => c.outcome !== 'reached').length;
  const closed = detail.status === 'closed';
  const showForm = closed && (state === 'due' || again);
  const callbacks = newestFirst(detail.callbacks);

  async function submit(v: Values) {
    if (busy || !v.outcome) return;
    setBusy(true);
    const isReached = v.outcome === 'reached';
    const r = await useOpenCase.getState().write('case.callback.record', {
      caseId: detail.id,
      outcome: v.outcome,
      reachedWho: isReached ? (v.reachedWho ?? '').trim() : '',
      satisfaction: isReached && v.satisfaction ? v.satisfaction : null,
      comment: (v.comment ?? '').trim(),
      ...pickedInstant(v.at),
    });
    setBusy(false);
    if (settle(r, form, PATHS, t('followUp.callbacks.recorded'))) {
      form.resetFields();
      setAgain(false);
    }
  }

  return (
    <div data-testid="callbacks-tab" data-state={state}>
      {closed ? (
        <div className="ld-fu-line" style={{ marginBottom: 8 }}>
          <Tag color={STATE_COLORS[state]} data-testid="callback-state">
            {t(`followUp.callbacks.state.${state}`)}
          </Tag>
          {failed > 0 && state !== 'done' ? (
            <span className="ld-muted">{t('followUp.callbacks.failed', { n: failed, max: maxFailed })}</span>
          ) : null}
          {!showForm ? (
            <Button
              size="small"
              style={{ marginInlineStart: 'auto' }}
              onClick={() => setAgain(true)}
              data-testid="callback-again"
            >
              {t('followUp.callbacks.again')}
            </Button>
          ) : null}
        </div>
      ) : (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {t('followUp.callbacks.needsClosed')}
        </Typography.Paragraph>
      )}
      {closed && state === 'unreachable' ? (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {t('followUp.callbacks.unreachableHint', { n: failed })}
        </Typography.Paragraph>
      ) : null}
      {showForm ? (
        <Form<Values>
          form={form}
          layout="vertical"
          disabled={busy}
          onFinish={(v) => void submit(v)}
          onKeyDown={(e) => onCtrlEnter(e, () => form.submit())}
          className="ld-fu-form"
          data-testid="callback-form"
        >
          <div className="ld-fu-grid">
            <Form.Item
              name="outcome"
              label={t('followUp.callbacks.outcome')}
              htmlFor={FIRST_CONTROL.callbacks}
            >
              <Select<ContactOutcome>
                id={FIRST_CONTROL.callbacks}
                placeholder={t('handling.selectOption')}
                options={CONTACT_OUTCOMES.map((o) => ({ value: o, label: t(`followUp.outcome.${o}`) }))}
                data-testid="callback-outcome"
              />
            </Form.Item>
            <Form.Item name="at" label={t('followUp.at')}>
              <WhenPicker testId="callback-at" />
            </Form.Item>
          </div>
          {reached ? (
            <div className="ld-fu-grid">
              <Form.Item
                name="reachedWho"
                label={t('followUp.callbacks.reachedWho')}
                required
                rules={[
                  {
                    required: true,
                    whitespace: true,
                    message: t('followUp.actions.required', { field: t('followUp.callbacks.reachedWho') }),
                  },
                ]}
              >
                <Input
                  maxLength={LIMITS.shortText}
                  placeholder={t('followUp.callbacks.reachedWhoPlaceholder')}
                  data-testid="callback-who"
                />
              </Form.Item>
              <Form.Item
                name="satisfaction"
                label={t('followUp.callbacks.satisfaction')}
                required
                rules={[
                  {
                    required: true,
                    message: t('followUp.actions.required', { field: t('followUp.callbacks.satisfaction') }),
                  },
                ]}
              >
                <Rate
                  aria-label={t('followUp.callbacks.satisfaction')}
                  tooltips={[1, 2, 3, 4, 5].map((n) => t('followUp.callbacks.stars', { n }))}
                  data-testid="callback-satisfaction"
                />
              </Form.Item>
            </div>
          ) : null}
          <Form.Item name="comment" label={t('followUp.callbacks.comment')}>
            <Input.TextArea
              maxLength={LIMITS.longText}
              autoSize={{ minRows: 1, maxRows: 5 }}
              placeholder={t('followUp.callbacks.commentPlaceholder')}
              data-testid="callback-comment"
            />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            loading={busy}
            disabled={!outcome}
            data-testid="callback-submit"
          >
            {t('followUp.callbacks.record')}
          </Button>
        </Form>
      ) : null}
      {callbacks.length === 0 ? (
        <Typography.Text type="secondary" className="ld-fu-empty">
          {t('followUp.callbacks.empty')}
        </Typography.Text>
      ) : (
        <ul className="ld-fu-list" data-testid="callback-list">
          {callbacks.map((c) => (
            <li key={c.eventId} data-testid="callback-item" data-outcome={c.outcome}>
              <div className="ld-fu-line">
                <OutcomeTag outcome={c.outcome} />
                {c.reachedWho ? <span>{c.reachedWho}</span> : null}
                {c.satisfaction !== null ? (
                  <Rate
                    disabled
                    value={c.satisfaction}
                    style={{ fontSize: 13 }}
                    aria-label={t('followUp.callbacks.stars', { n: c.satisfaction })}
                    data-testid="callback-item-satisfaction"
                  />
                ) : null}
              </div>
              <div className="ld-muted ld-fu-meta">
                {formatDateTime(c.at)} · {c.actorName}
              </div>
              {c.comment ? <div className="ld-fu-note">{c.comment}</div> : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
