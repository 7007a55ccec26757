import { useEffect, useRef, useState } from 'react';
import { Button, Form, Tag, Typography, type FormInstance } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { CustomerHistory as History } from '../../../../shared/contract/methods/customers';
import { callDesk } from '../../lib/desk';
import { STATUS_COLORS, useLabels } from '../../lib/labels';
import { useNav } from '../../stores/nav';
import { lookupOf } from './customerLookup';
import './intake.css';

/** How long typing must pause before the desk is asked (ms). */
const DEBOUNCE_MS = 250;

/**
 * The customer's earlier and open complaints at intake (issue 12 item 4), as
 * soon as a phone of at least 7 digits is typed, or by the normalised name
 * while no phone is typed at all (the repeat rule keys a case without a
 * phone by its name: shared/domain/cases/customerKey.ts; a phone being
 * typed, fewer than 7 digits, asks nothing): a compact panel in the
 * intake grid's free cell beside the time received, its list scrolling within
 * a fixed height so the category and account stay where they are. Each case
 * opens on click; the draft of the intake is kept meanwhile.
 */
/** Issue 14: the customer attributes of a recognised customer's latest case, with that case's number. */
export interface RememberedAttributes {
  region: string | null;
  customerLevel: string | null;
  sharedCustomer: boolean | null;
  number: string;
}

function remembered(h: History): RememberedAttributes | null {
  const a = h.attributes;
  if (!a) return null;
  const number = h.items.find((c) => c.id === a.caseId)?.number ?? '';
  return { region: a.region, customerLevel: a.customerLevel, sharedCustomer: a.sharedCustomer, number };
}

export function CustomerHistory({
  form,
  onAttributes,
}: {
  form: FormInstance;
  /** Called with what the customer's history remembers (issue 14), once per lookup answered. */
  onAttributes?: (a: RememberedAttributes | null) => void;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  const go = useNav((s) => s.go);
  const phone = (Form.useWatch(['customer', 'phone'], form) as string | undefined) ?? '';
  const name = (Form.useWatch(['customer', 'name'], form) as string | undefined) ?? '';
  const query = lookupOf(phone, name);
  const by = query?.by ?? null;
  const value = query?.value ?? '';
  const asked = `${by}:${value}`;
  const [shown, setShown] = useState<{ asked: string; history: History } | null>(null);
  const onAttributesRef = useRef(onAttributes);
  useEffect(() => {
    onAttributesRef.current = onAttributes;
  });

  useEffect(() => {
    if (by === null) return;
    let stale = false;
    const timer = setTimeout(() => {
      void callDesk('customer.history', { [by]: value }).then((r) => {
        if (stale || !r.ok) return;
        setShown({ asked: `${by}:${value}`, history: r.value });
        onAttributesRef.current?.(remembered(r.value));
      });
    }, DEBOUNCE_MS);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [by, value]);

  if (query === null) return null;
  const h = shown?.asked === asked ? shown.history : null;
  return (
    <section className="ld-customer-history" aria-live="polite" data-testid="customer-history">
      <div className="ld-customer-history-head">
        <Typography.Text strong style={{ fontSize: 13 }}>
          {t('customerHistory.title')}
        </Typography.Text>
        {query.by === 'name' ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="customer-history-by-name">
            {t('customerHistory.byName')}
          </Typography.Text>
        ) : null}
        {h !== null && h.counts.withinWindow > 0 ? (
          <Tag color="volcano" data-testid="customer-history-will-repeat">
            {t('customerHistory.willRepeat')}
          </Tag>
        ) : null}
      </div>
      {h === null ? (
        <div className="ld-muted">{t('customerHistory.loading')}</div>
      ) : h.counts.total === 0 ? (
        <div className="ld-muted" data-testid="customer-history-none">
          {t(query.by === 'name' ? 'customerHistory.noneByName' : 'customerHistory.none')}
        </div>
      ) : (
        <>
          <div data-testid="customer-history-summary" style={{ fontSize: 12 }}>
            {t('customerHistory.summary', {
              total: h.counts.total,
              open: h.counts.open,
              within: h.counts.withinWindow,
              days: h.windowDays,
            })}
          </div>
          <ul className="ld-customer-history-list">
            {h.items.map((c) => (
              <li key={c.id} data-testid="customer-history-item" data-case-id={c.id}>
                <Button
                  type="link"
                  size="small"
                  style={{ padding: 0, height: 'auto' }}
                  title={t('customerHistory.open', { number: c.number })}
                  onClick={() => go({ name: 'case', id: c.id })}
                >
                  {c.number}
                </Button>
                <span className="ld-muted">{dayjs(c.receivedAt).format('YYYY-MM-DD')}</span>
                <span className="ld-customer-history-category" title={labels.categoryPath(c.category)}>
                  {labels.category(c.category)}
                </span>
                <Tag color={STATUS_COLORS[c.status] ?? 'default'}>{t(`status.${c.status}`)}</Tag>
                {c.repeat ? <Tag color="volcano">{t('customerHistory.repeat')}</Tag> : null}
                {c.malice === 'malicious' ? <Tag color="red">{t('malice.status.malicious')}</Tag> : null}
              </li>
            ))}
          </ul>
          {h.counts.total > h.items.length ? (
            <div className="ld-muted" style={{ fontSize: 12 }}>
              {t('customerHistory.more', { n: h.items.length })}
            </div>
          ) : null}
        </>
      )}
    </section>
  );
}
