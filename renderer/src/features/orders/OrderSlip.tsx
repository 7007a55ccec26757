/**
 * The printable work order (维修施工单, issue 11): number, customer, vehicle
 * or device with its readings, the items with trades, safety marks and
 * prices, the quote, the note, the signed inspections so far, and lines for
 * the customer's and the receiver's signatures.
 */
import {
  openingNote,
  SlipHeader,
  SlipItems,
  SlipParties,
  SlipSignatures,
  SlipSignLines,
  type SlipProps,
} from './slipParts';

export function OrderSlip(props: SlipProps) {
  const { order, t } = props;
  return (
    <article className="ld-slip" data-testid="order-slip">
      <SlipHeader {...props} title={t('orderForms.slip.orderTitle')} />
      <SlipParties {...props} />
      <h2>{t('orderForms.slip.itemsTitle')}</h2>
      <SlipItems {...props} />
      {openingNote(order) ? (
        <p className="ld-slip-note">
          {t('orderForms.slip.note')}
          {openingNote(order)}
        </p>
      ) : null}
      <h2>{t('orderForms.slip.signaturesTitle')}</h2>
      <SlipSignatures {...props} />
      <p className="ld-slip-small">{t('orderForms.slip.orderTerms')}</p>
      <SlipSignLines t={t} who={[t('orderForms.slip.customerSign'), t('orderForms.slip.receiverSign')]} />
    </article>
  );
}
