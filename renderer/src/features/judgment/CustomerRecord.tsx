/**
 * The customer's record in the malicious-claim assessment (issue 12 items 3
 * and 4; docs/escalation-and-malice.md "The customer's record"): the
 * customer's cases received BEFORE this one (`customer.history` with
 * `before`, by the case's phone, or its name when it has no phone), with
 * number, date, category, status, and which were repeats and which were
 * determined malicious. `CustomerRecord` sits in the malice card;
 * `RecordSigns` is the determination's supporting signs, with the record
 * beside them and the signs it suggests (./customerRecord.ts) ticked and
 * marked 建议 for the supervisor to confirm or untick, never recorded
 * without the supervisor's submit.
 */
import { useEffect, useEffectEvent, useState, type Dispatch, type SetStateAction } from 'react';
import { Button, Checkbox, Tag, Typography } from 'antd';
import { WarningOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../../../shared/contract/methods/cases';
import type { CustomerHistory } from '../../../../shared/contract/methods/customers';
import { customerKey } from '../../../../shared/domain/cases/customerKey';
import { MALICE_SIGNS, type MaliceSign } from '../../../../shared/domain/cases/payloads';
import { callDesk } from '../../lib/desk';
import { STATUS_COLORS, useLabels } from '../../lib/labels';
import { useNav } from '../../stores/nav';
import { recordBasis, suggestedSigns, withSuggested } from './customerRecord';
import './customerRecord.css';

type RecordState = { state: 'loading' } | { state: 'none' } | { state: 'shown'; history: CustomerHistory };

/** The record seen from the case; `onLoad` runs once it has arrived. */
function useCustomerRecord(detail: CaseDetail, onLoad?: (h: CustomerHistory) => void): RecordState {
  const { id } = detail;
  const { phone, name } = detail.customer;
  const keyed = customerKey({ phone, name }) !== null;
  const [got, setGot] = useState<{ id: string; history: CustomerHistory } | null>(null);
  const loaded = useEffectEvent((h: CustomerHistory) => onLoad?.(h));
  useEffect(() => {
    if (!keyed) return;
    let live = true;
    void callDesk('customer.history', { phone, name, before: id }).then((r) => {
      if (!live || !r.ok) return;
      setGot({ id, history: r.value });
      loaded(r.value);
    });
    return () => {
      live = false;
    };
  }, [id, phone, name, keyed]);
  if (!keyed) return { state: 'none' };
  return got?.id === id ? { state: 'shown', history: got.history } : { state: 'loading' };
}

/**
 * The earlier cases, newest first. In the card (narrow side column) each on
 * two lines, its number opening it; in the determination form on one line
 * and not links (leaving would drop the supervisor's unsaved form).
 */
function RecordList({ history, inForm }: { history: CustomerHistory; inForm?: boolean }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const go = useNav((s) => s.go);
  return (
    <ul className={`ld-customer-record-list${inForm ? '' : ' ld-customer-record-list-card'}`}>
      {history.items.map((c) => {
        const category = (
          <span className="ld-customer-record-category" title={labels.categoryPath(c.category)}>
            {labels.category(c.category)}
          </span>
        );
        const status = <Tag color={STATUS_COLORS[c.status] ?? 'default'}>{t(`status.${c.status}`)}</Tag>;
        const marks = (
          <>
            {c.repeat ? <Tag color="volcano">{t('customerHistory.repeat')}</Tag> : null}
            {c.malice === 'malicious' ? <Tag color="red">{t('malice.status.malicious')}</Tag> : null}
          </>
        );
        return (
          <li
            key={c.id}
            data-testid="customer-record-item"
            data-case-id={c.id}
            data-repeat={c.repeat}
            data-malice={c.malice ?? ''}
          >
            <div className="ld-customer-record-line">
              {inForm ? (
                <span className="ld-customer-record-number">{c.number}</span>
              ) : (
                <Button
                  type="link"
                  size="small"
                  style={{ padding: 0, height: 'auto' }}
                  title={t('customerHistory.open', { number: c.number })}
                  onClick={() => go({ name: 'case', id: c.id })}
                >
                  {c.number}
                </Button>
              )}
              <span className="ld-muted">{dayjs(c.receivedAt).format('YYYY-MM-DD')}</span>
              {inForm ? category : <span style={{ flex: 1 }} />}
              {status}
              {inForm ? marks : null}
            </div>
            {inForm ? null : (
              <div className="ld-customer-record-line">
                {category}
                {marks}
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** The record's counts in one line, or that there is nothing earlier. */
function RecordSummary({ record, titled }: { record: RecordState; titled?: boolean }) {
  const { t } = useTranslation();
  const title = titled ? <strong>{t('customerRecord.titleInline')}</strong> : null;
  if (record.state === 'none') {
    return (
      <Typography.Text type="secondary">
        {title}
        {t('customerRecord.noKey')}
      </Typography.Text>
    );
  }
  if (record.state === 'loading') {
    return (
      <Typography.Text type="secondary">
        {title}
        {t('customerHistory.loading')}
      </Typography.Text>
    );
  }
  const h = record.history;
  if (h.counts.total === 0) {
    return (
      <Typography.Text type="secondary" data-testid="customer-record-none">
        {title}
        {t('customerRecord.none')}
      </Typography.Text>
    );
  }
  return (
    <div data-testid="customer-record-summary" style={{ fontSize: 12 }}>
      {title}
      {t('customerRecord.summary', {
        total: h.counts.total,
        within: h.counts.withinWindow,
        days: h.windowDays,
        malicious: h.counts.maliciousDetermined,
      })}
    </div>
  );
}

/** The customer's record in the malice card. */
export function CustomerRecord({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const record = useCustomerRecord(detail);
  return (
    <section className="ld-customer-record" data-testid="customer-record">
      <Typography.Text strong style={{ fontSize: 13 }}>
        {t('customerRecord.title')}
      </Typography.Text>
      <RecordSummary record={record} />
      {record.state === 'shown' && record.history.items.length > 0 ? (
        <RecordList history={record.history} />
      ) : null}
    </section>
  );
}

/**
 * The determination's supporting signs with the record beside them. The
 * signs the record suggests are marked 建议, with why, and are NOT ticked:
 * each has a one-click 采纳建议 / Use suggestion (review 12 #11), so a sign is
 * only ever submitted because the supervisor looked at it and chose it.
 */
export function RecordSigns({
  detail,
  value,
  onChange,
}: {
  detail: CaseDetail;
  value: MaliceSign[];
  onChange: Dispatch<SetStateAction<MaliceSign[]>>;
}) {
  const { t } = useTranslation();
  const record = useCustomerRecord(detail);
  const history = record.state === 'shown' ? record.history : null;
  const suggested = history ? suggestedSigns(history, detail.category) : [];
  const basis = history ? recordBasis(history, detail.category) : null;
  const why =
    basis === null
      ? []
      : [
          basis.inWindow > 0
            ? t('customerRecord.why.inWindow', { n: basis.inWindow, days: history?.windowDays })
            : '',
          basis.malicious > 0 ? t('customerRecord.why.malicious', { n: basis.malicious }) : '',
          basis.sameCategory ? t('customerRecord.why.sameCategory') : '',
        ].filter((w) => w !== '');
  return (
    <div className="ld-customer-record ld-customer-record-in-form" data-testid="determine-record">
      <RecordSummary record={record} titled />
      {history && history.items.length > 0 ? <RecordList history={history} inForm /> : null}
      <Checkbox.Group
        value={value}
        onChange={(v) => onChange(v as MaliceSign[])}
        style={{ display: 'flex', flexWrap: 'wrap', columnGap: 12 }}
        data-testid="determine-signs"
      >
        {MALICE_SIGNS.map((s) => (
          <span key={s} className="ld-sign-option">
            <Checkbox value={s}>{t(`malice.sign.${s}`)}</Checkbox>
            {suggested.includes(s) ? (
              <Tag color="gold" data-testid={`determine-sign-suggested-${s}`}>
                {t('customerRecord.suggested')}
              </Tag>
            ) : null}
            {suggested.includes(s) && !value.includes(s) ? (
              <Button
                size="small"
                type="link"
                style={{ paddingInline: 0 }}
                onClick={() => onChange((v) => withSuggested(v, [s]))}
                data-testid={`determine-sign-use-${s}`}
              >
                {t('judgmentCues.useSuggestion')}
              </Button>
            ) : null}
          </span>
        ))}
      </Checkbox.Group>
      {suggested.length > 0 ? (
        <Typography.Text
          type="warning"
          style={{ display: 'block', fontSize: 12 }}
          data-testid="determine-signs-suggestion"
        >
          <WarningOutlined style={{ marginInlineEnd: 4 }} />
          {t('customerRecord.suggestion', { why: why.join(t('customerRecord.whyJoin')) })}
        </Typography.Text>
      ) : null}
    </div>
  );
}
