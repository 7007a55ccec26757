/**
 * The contacts tab of the follow-up card: each attempt to reach the customer
 * (time, channel, outcome, note, who), newest first, and a compact form to
 * record one. Step 6's contact count is the number of these records.
 */
import { useState } from 'react';
import { Button, Form, Input, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../../../shared/contract/methods/cases';
import {
  CONTACT_CHANNELS,
  CONTACT_OUTCOMES,
  type ContactChannel,
  type ContactOutcome,
} from '../../../../shared/domain/cases/payloads';
import { LIMITS } from '../../../../shared/domain/kernel/limits';
import { formatDateTime } from '../../lib/format';
import { FIRST_CONTROL } from './followUpTab';
import { newestFirst, OutcomeTag, pickedInstant, settle, WhenPicker } from './followUpShared';
import { useOpenCase } from './openCase';
import { onCtrlEnter } from '../../lib/keys';

interface Values {
  outcome?: ContactOutcome;
  channel: ContactChannel;
  at?: Dayjs | null;
  note?: string;
}

const PATHS = ['outcome', 'channel', 'at', 'note'] as const;

export function ContactsCard({ detail, canRecord }: { detail: CaseDetail; canRecord: boolean }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const outcome = Form.useWatch('outcome', form);
  const contacts = newestFirst(detail.contacts);

  async function submit(v: Values) {
    if (busy || !v.outcome) return;
    setBusy(true);
    const r = await useOpenCase.getState().write('case.contact.record', {
      caseId: detail.id,
      channel: v.channel,
      outcome: v.outcome,
      note: (v.note ?? '').trim(),
      ...pickedInstant(v.at),
    });
    setBusy(false);
    if (settle(r, form, PATHS, t('followUp.contacts.recorded'))) {
      form.resetFields(['outcome', 'at', 'note']);
    }
  }

  return (
    <div data-testid="contacts-tab">
      {canRecord ? (
        <Form<Values>
          form={form}
          layout="vertical"
          disabled={busy}
          initialValues={{ channel: 'phone' }}
          onFinish={(v) => void submit(v)}
          onKeyDown={(e) => onCtrlEnter(e, () => form.submit())}
          className="ld-fu-form"
          data-testid="contact-form"
        >
          <div className="ld-fu-grid">
            <Form.Item name="outcome" label={t('followUp.contacts.outcome')} htmlFor={FIRST_CONTROL.contacts}>
              <Select<ContactOutcome>
                id={FIRST_CONTROL.contacts}
                placeholder={t('handling.selectOption')}
                options={CONTACT_OUTCOMES.map((o) => ({ value: o, label: t(`followUp.outcome.${o}`) }))}
                data-testid="contact-outcome"
              />
            </Form.Item>
            <Form.Item name="channel" label={t('followUp.contacts.channel')}>
              <Select<ContactChannel>
                options={CONTACT_CHANNELS.map((c) => ({ value: c, label: t(`followUp.channel.${c}`) }))}
                data-testid="contact-channel"
              />
            </Form.Item>
            <Form.Item name="at" label={t('followUp.at')}>
              <WhenPicker notBefore={detail.receivedAt} testId="contact-at" />
            </Form.Item>
            <Form.Item name="note" label={t('followUp.note')}>
              <Input
                maxLength={LIMITS.noteText}
                placeholder={t('followUp.notePlaceholder')}
                data-testid="contact-note"
              />
            </Form.Item>
          </div>
          <Button
            type="primary"
            htmlType="submit"
            loading={busy}
            disabled={!outcome}
            data-testid="contact-submit"
          >
            {t('followUp.contacts.record')}
          </Button>
        </Form>
      ) : detail.status === 'closed' ? (
        <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8 }}>
          {t('followUp.contacts.closedHint')}
        </Typography.Text>
      ) : null}
      {contacts.length === 0 ? (
        <Typography.Text type="secondary" className="ld-fu-empty">
          {t('followUp.contacts.empty')}
        </Typography.Text>
      ) : (
        <ul className="ld-fu-list" data-testid="contact-list">
          {contacts.map((c) => (
            <li key={c.eventId} data-testid="contact-item" data-outcome={c.outcome}>
              <div className="ld-fu-line">
                <OutcomeTag outcome={c.outcome} />
                <span>{t(`followUp.channel.${c.channel}`)}</span>
                <span className="ld-muted">
                  {formatDateTime(c.at)} · {c.actorName}
                </span>
              </div>
              {c.note ? <div className="ld-fu-note">{c.note}</div> : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
