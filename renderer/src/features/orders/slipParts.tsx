/**
 * Pieces both printable slips share (issue 11): the words in the slip's own
 * language (zh-CN or English, whatever the screen shows), the header with
 * the branch and the number, the customer and the vehicle or device, the
 * items with their prices, and the signatures (who signed which check, in
 * which role, when).
 */
import type { TFunction } from 'i18next';
import type { OrderDetail } from '../../../../shared/contract/methods/orders';
import type { Locale } from '../../../../shared/domain/kernel/locale';
import { localize } from '../../../../shared/domain/kernel/locale';
import {
  findKind,
  kindLabel,
  tradeLabel,
  type OrderTemplates,
} from '../../../../shared/domain/orders/template';
import { formatDateTime } from '../../lib/format';
import { formatYuan } from './orderItems';

export interface SlipProps {
  order: OrderDetail;
  templates: OrderTemplates;
  /** The slip's language. */
  locale: Locale;
  /** Words in the slip's language (i18next.getFixedT(locale)). */
  t: TFunction;
  /** Staff id -> name. */
  names: ReadonlyMap<string, string>;
  /** The branch as the header names it. */
  branch: string;
}

export const itemFen = (it: OrderDetail['items'][number]): number =>
  it.labourFen + it.parts.reduce((s, p) => s + p.qty * p.unitFen, 0);

/** The note the order was opened with (it is in the opening event). */
export function openingNote(order: OrderDetail): string {
  const opened = order.timeline.find((e) => e.type === 'order.opened')?.payload;
  const note =
    typeof opened === 'object' && opened !== null ? (opened as { note?: unknown }).note : undefined;
  return typeof note === 'string' ? note : '';
}

/** Items that count for the quote: not refused by the customer. */
export const quotedItems = (order: OrderDetail) => order.items.filter((i) => i.status !== 'refused');

export function SlipHeader({
  order,
  templates,
  locale,
  t,
  names,
  branch,
  title,
}: SlipProps & { title: string }) {
  return (
    <header className="ld-slip-head">
      <div className="ld-slip-branch">{branch}</div>
      <h1>{title}</h1>
      <div className="ld-slip-meta">
        <span data-testid="slip-number">
          {t('orderForms.slip.number')}
          {order.number}
        </span>
        <span>
          {t('orderForms.slip.kind')}
          {kindLabel(templates, order.kind, locale)}
        </span>
        <span>
          {t('orderForms.slip.receiver')}
          {names.get(order.owner) ?? order.ownerName}
        </span>
      </div>
      {order.reworkOfOrder ? (
        <div className="ld-slip-rework" data-testid="slip-rework-of">
          {t('orderForms.slip.reworkOf', {
            number: order.reworkOfOrder.number,
            at: formatDateTime(order.reworkOfOrder.releasedAt),
          })}
        </div>
      ) : null}
    </header>
  );
}

/** Readings with the template's labels and units: `里程 56000 km，油量 40 %`. */
export function readingsText(
  templates: OrderTemplates,
  kind: string,
  readings: Record<string, number | string>,
  locale: Locale,
): string {
  const defs = findKind(templates, kind)?.readings ?? [];
  const known = new Set(defs.map((d) => d.key));
  const parts = defs.map((def) => {
    const v = readings[def.key];
    return `${localize(def.label, locale)} ${v === undefined ? '—' : `${v}${def.unit ? ` ${def.unit}` : ''}`}`;
  });
  for (const [k, v] of Object.entries(readings)) if (!known.has(k)) parts.push(`${k} ${v}`);
  return parts.join(locale === 'en' ? ', ' : '，') || '—';
}

/** Customer, subject, readings before work, and the times. */
export function SlipParties({ order, templates, locale, t }: SlipProps) {
  const vehicle = order.subject.kind === 'vehicle';
  const readings = readingsText(templates, order.kind, order.subject.readingsBefore, locale);
  return (
    <table className="ld-slip-grid">
      <tbody>
        <tr>
          <th>{t('orderForms.slip.customer')}</th>
          <td data-testid="slip-customer">
            {order.customer.name} {order.customer.phone}
          </td>
          <th>{vehicle ? t('orderForms.slip.plate') : t('orderForms.slip.serial')}</th>
          <td data-testid="slip-subject">{vehicle ? order.subject.plate : order.subject.vinOrSerial}</td>
        </tr>
        <tr>
          <th>{vehicle ? t('orderForms.slip.vin') : t('orderForms.slip.model')}</th>
          <td>{(vehicle ? order.subject.vinOrSerial : order.subject.model) || '—'}</td>
          <th>{vehicle ? t('orderForms.slip.model') : t('orderForms.slip.readings')}</th>
          <td>{vehicle ? order.subject.model || '—' : readings}</td>
        </tr>
        <tr>
          {vehicle ? (
            <>
              <th>{t('orderForms.slip.readings')}</th>
              <td>{readings}</td>
            </>
          ) : (
            <>
              <th />
              <td />
            </>
          )}
          <th>{t('orderForms.slip.times')}</th>
          <td>
            {t('orderForms.slip.receivedPromised', {
              received: formatDateTime(order.receivedAt),
              promised: formatDateTime(order.promisedAt),
            })}
          </td>
        </tr>
      </tbody>
    </table>
  );
}

/** The items with trade, safety, labour, parts and sums; refused ones struck out of the total. */
export function SlipItems({ order, templates, locale, t }: SlipProps) {
  const total = quotedItems(order).reduce((s, i) => s + itemFen(i), 0);
  const labour = quotedItems(order).reduce((s, i) => s + i.labourFen, 0);
  return (
    <table className="ld-slip-table" data-testid="slip-items">
      <thead>
        <tr>
          <th style={{ width: 28 }}>#</th>
          <th>{t('orderForms.slip.item')}</th>
          <th style={{ width: 80 }}>{t('orderForms.slip.trade')}</th>
          <th style={{ width: 90 }}>{t('orderForms.slip.labour')}</th>
          <th>{t('orderForms.slip.parts')}</th>
          <th style={{ width: 100 }}>{t('orderForms.slip.sum')}</th>
        </tr>
      </thead>
      <tbody>
        {order.items.map((it, i) => (
          <tr key={it.itemId} className={it.status === 'refused' ? 'ld-slip-refused' : undefined}>
            <td>{i + 1}</td>
            <td>
              {it.title}
              {it.safety ? <span className="ld-slip-mark">{t('orderForms.slip.safety')}</span> : null}
              {it.origin !== 'reported' ? (
                <span className="ld-slip-mark ld-slip-mark-plain">
                  {t(`orderForms.slip.origin_${it.origin}`)}
                </span>
              ) : null}
              {it.status === 'refused' || it.status === 'waiting_consent' ? (
                <span className="ld-slip-mark ld-slip-mark-plain">
                  {t(`orderForms.slip.status_${it.status}`)}
                </span>
              ) : null}
            </td>
            <td>{tradeLabel(templates, it.trade, locale)}</td>
            <td className="ld-num">{formatYuan(it.labourFen, locale)}</td>
            <td>
              {it.parts.length === 0
                ? '—'
                : it.parts.map((p) => `${p.name} ×${p.qty} @${formatYuan(p.unitFen, locale)}`).join('; ')}
            </td>
            <td className="ld-num">{formatYuan(itemFen(it), locale)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <td colSpan={6} className="ld-num ld-slip-totals" data-testid="slip-total">
            <span>{t('orderForms.quoteLabour', { amount: formatYuan(labour, locale) })}</span>
            <span>{t('orderForms.quoteParts', { amount: formatYuan(total - labour, locale) })}</span>
            <span>{t('orderForms.quoteTotal', { amount: formatYuan(total, locale) })}</span>
          </td>
        </tr>
      </tfoot>
    </table>
  );
}

/** Every inspection with its signatures: which check, on what, the result, who signed in which role, when. */
export function SlipSignatures({ order, t, names }: SlipProps) {
  const title = (itemId: string | null) =>
    itemId === null
      ? t('orderForms.slip.wholeOrder')
      : (order.items.find((i) => i.itemId === itemId)?.title ?? '—');
  return (
    <table className="ld-slip-table" data-testid="slip-signatures">
      <thead>
        <tr>
          <th style={{ width: 90 }}>{t('orderForms.slip.check')}</th>
          <th>{t('orderForms.slip.item')}</th>
          <th style={{ width: 70 }}>{t('orderForms.slip.result')}</th>
          <th>{t('orderForms.slip.signedBy')}</th>
        </tr>
      </thead>
      <tbody>
        {order.inspections.length === 0 ? (
          <tr>
            <td colSpan={4} className="ld-slip-empty">
              {t('orderForms.slip.noInspections')}
            </td>
          </tr>
        ) : (
          order.inspections.map((ins) => (
            <tr key={ins.eventId}>
              <td>{t(`orderForms.inspection.${ins.inspection}`)}</td>
              <td>
                {title(ins.itemId)}
                {ins.result === 'fail' && ins.reason ? (
                  <div className="ld-slip-reason">{ins.reason}</div>
                ) : null}
              </td>
              <td className={ins.result === 'fail' ? 'ld-slip-fail' : undefined}>
                {t(`orderForms.slip.${ins.result}`)}
              </td>
              <td>
                {ins.signatures.map((s) => (
                  <div key={`${s.signer}-${s.role}`}>
                    {t('orderForms.slip.signature', {
                      name: names.get(s.signer) ?? s.signer,
                      role: t(`roles.${s.role}`),
                      at: formatDateTime(s.signedAt),
                    })}
                  </div>
                ))}
              </td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}

/** Lines for hand signatures on paper. */
export function SlipSignLines({ t, who }: { t: TFunction; who: string[] }) {
  return (
    <div className="ld-slip-sign">
      {who.map((w) => (
        <span key={w}>
          {w}
          <span className="ld-slip-line" />
          {t('orderForms.slip.date')}
          <span className="ld-slip-line ld-slip-line-short" />
        </span>
      ))}
    </div>
  );
}
