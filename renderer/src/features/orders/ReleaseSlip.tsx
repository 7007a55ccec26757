/**
 * The printable release slip (出厂单, issue 11): the order, the items and
 * what was charged, each item's final check and who signed it, the front
 * desk's checks with who did them and when, the parts reconciliation, the
 * release (warranty, next service, follow-up call) and the gate's state:
 * passed, or what is still missing (a preview before release), or the gaps
 * a release went past (two desks offline).
 */
import { DESK_CHECKS } from '../../../../shared/domain/orders/payloads';
import { DESK_CHECK_LABELS, describeGap } from '../../../../shared/domain/orders/describe';
import { formatDateTime } from '../../lib/format';
import {
  readingsText,
  SlipHeader,
  SlipItems,
  SlipParties,
  SlipSignatures,
  SlipSignLines,
  type SlipProps,
} from './slipParts';

export function ReleaseSlip(props: SlipProps) {
  const { order, templates, locale, t, names } = props;
  const released = order.released;
  const done = new Map(order.deskChecks.map((d) => [d.check, d]));
  const finals = order.inspections.filter((i) => i.inspection === 'final' && i.result === 'pass');
  const readingsAfter = finals.at(-1)?.readingsAfter ?? {};
  const gaps = order.gate.missing
    .filter((g) => g.code !== 'already_released')
    .map((g) => {
      const it = order.items.find((i) => i.itemId === g.itemId);
      return describeGap(
        { code: g.code, itemId: g.itemId, check: g.check, title: it?.title, trade: it?.trade },
        locale,
        templates,
      );
    });
  const gateOk = gaps.length === 0 && (released?.pastGate.length ?? 0) === 0;
  return (
    <article className="ld-slip" data-testid="release-slip">
      {released ? null : <div className="ld-slip-watermark">{t('orderForms.slip.notReleased')}</div>}
      <SlipHeader {...props} title={t('orderForms.slip.releaseTitle')} />
      <SlipParties {...props} />
      <table className="ld-slip-grid">
        <tbody>
          <tr>
            <th>{t('orderForms.slip.releasedAt')}</th>
            <td data-testid="slip-released-at">
              {released
                ? t('orderForms.slip.releasedBy', {
                    at: formatDateTime(released.at),
                    name: names.get(released.actor) ?? released.actor,
                  })
                : '—'}
            </td>
            <th>{t('orderForms.slip.readingsAfter')}</th>
            <td>
              {Object.keys(readingsAfter).length > 0
                ? readingsText(templates, order.kind, readingsAfter, locale)
                : '—'}
            </td>
          </tr>
          <tr>
            <th>{t('orderForms.slip.warranty')}</th>
            <td data-testid="slip-warranty">
              {released ? t('orderForms.slip.months', { n: released.warrantyMonths }) : '—'}
            </td>
            <th>{t('orderForms.slip.nextService')}</th>
            <td>{released?.nextService || '—'}</td>
          </tr>
          <tr>
            <th>{t('orderForms.slip.followUp')}</th>
            <td>{formatDateTime(order.followUpDueAt)}</td>
            <th>{t('orderForms.slip.parts')}</th>
            <td data-testid="slip-parts">
              {order.partsReconciled
                ? t(
                    order.partsReconciled.matches
                      ? 'orderForms.slip.partsMatch'
                      : 'orderForms.slip.partsNoMatch',
                    {
                      at: formatDateTime(order.partsReconciled.at),
                    },
                  )
                : t('orderForms.slip.partsNot')}
            </td>
          </tr>
        </tbody>
      </table>
      <h2>{t('orderForms.slip.itemsTitle')}</h2>
      <SlipItems {...props} />
      <h2>{t('orderForms.slip.signaturesTitle')}</h2>
      <SlipSignatures {...props} />
      <h2>{t('orderForms.slip.deskChecksTitle')}</h2>
      <table className="ld-slip-table" data-testid="slip-desk-checks">
        <tbody>
          {DESK_CHECKS.map((check) => {
            const d = done.get(check);
            return (
              <tr key={check}>
                <td style={{ width: 24 }}>{d ? '✓' : '☐'}</td>
                <td>{DESK_CHECK_LABELS[check][locale]}</td>
                <td style={{ width: 260 }}>
                  {d
                    ? t('orderForms.slip.doneBy', {
                        name: names.get(d.actor) ?? d.actor,
                        at: formatDateTime(d.at),
                      })
                    : '—'}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <h2>{t('orderForms.slip.gateTitle')}</h2>
      <div className={gateOk ? 'ld-slip-gate-ok' : 'ld-slip-gate-gaps'} data-testid="slip-gate">
        {gateOk ? (
          t('orderForms.slip.gateOk')
        ) : (
          <>
            <div>{released ? t('orderForms.slip.gatePast') : t('orderForms.slip.gateMissing')}</div>
            <ul>
              {(released ? released.pastGate : gaps).map((g) => (
                <li key={g}>{g}</li>
              ))}
            </ul>
          </>
        )}
      </div>
      <SlipSignLines t={t} who={[t('orderForms.slip.customerSign'), t('orderForms.slip.releaserSign')]} />
    </article>
  );
}
