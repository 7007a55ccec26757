import { Alert, Button, Card, Typography } from 'antd';
import { CheckCircleFilled, CloseCircleOutlined, ExportOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { OrderDetail } from '../../../../shared/contract/methods/orders';
import { formatDateTime } from '../../lib/format';
import { isFrontDesk, watchesFlags } from '../../stores/orders';
import { SERIOUS_FLAGS } from './boardFlags';

interface Props {
  order: OrderDetail;
  role: string | undefined;
  /**
   * The gaps the desk named when it refused the latest release from this
   * window (its words); non-null shows a one-line notice (the gaps are the
   * checklist's, listed above it).
   */
  refusal: string[] | null;
  onRelease(): void;
}

/**
 * The release gate (出厂) as a checklist: every gap still standing between
 * the order and its release, in the desk's words (the same describer the
 * core refuses with), or that it may go; the release button for the front
 * desk, the order view's one way to release (it opens the release dialog;
 * the gate may still refuse: the attempt is recorded and listed, and a
 * one-line notice says so under the checklist, which names the gaps); the released facts; and the refused
 * attempts with who, when and why.
 */
export function GateChecklist({ order, role, refusal, onRelease }: Props) {
  const { t } = useTranslation();
  const released = order.released;
  return (
    <Card size="small" title={t('orders.gate.title')} data-testid="order-gate" className="ld-orders-gate">
      {released ? (
        <div data-testid="gate-released">
          <Typography.Text strong style={{ color: '#531dab' }}>
            {t('orders.gate.releasedAt', { at: formatDateTime(released.at) })}
          </Typography.Text>
          <div className="ld-muted" style={{ fontSize: 12 }}>
            {t('orders.gate.warranty', { n: released.warrantyMonths })}
            {released.nextService ? ` · ${t('orders.gate.nextService', { text: released.nextService })}` : ''}
          </div>
          {released.pastGate.length > 0 ? (
            <Alert
              type="error"
              showIcon
              style={{ marginTop: 8 }}
              title={t('orders.gate.pastGate')}
              description={
                <ul className="ld-orders-gaps" data-testid="gate-past">
                  {released.pastGate.map((g) => (
                    <li key={g}>{g}</li>
                  ))}
                </ul>
              }
            />
          ) : null}
        </div>
      ) : order.gate.ok ? (
        <div className="ld-orders-gate-ok" data-testid="gate-ok">
          <CheckCircleFilled style={{ color: '#389e0d' }} /> {t('orders.gate.ok')}
        </div>
      ) : (
        <>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('orders.gate.missingIntro', { n: order.gate.missing.length })}
          </Typography.Text>
          <ul className="ld-orders-gaps" data-testid="gate-missing">
            {order.gate.missing.map((g, i) => (
              <li
                key={`${g.code}-${g.itemId ?? ''}-${g.check ?? ''}-${i}`}
                data-code={g.code}
                data-testid="gate-gap"
              >
                <CloseCircleOutlined className="ld-orders-gap-icon" />
                <span>{g.text}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {refusal && !released ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 8 }}
          data-testid="release-refused"
          title={<span data-testid="gate-refused">{t('orders.view2.refused')}</span>}
        />
      ) : null}
      {!released && isFrontDesk(role) ? (
        <Button
          type={order.gate.ok ? 'primary' : 'default'}
          icon={<ExportOutlined />}
          block
          style={{ marginTop: 10 }}
          onClick={onRelease}
          data-testid="order-release"
        >
          {t('orders.gate.release')}
        </Button>
      ) : null}
      <RefusedAttempts order={order} />
      <FlagList order={order} role={role} />
    </Card>
  );
}

/** Reasons shown per refused attempt (the rest on hover): the checklist above has them all. */
const SHOWN_REASONS = 3;

function RefusedAttempts({ order }: { order: OrderDetail }) {
  const { t } = useTranslation();
  if (order.releaseAttempts.length === 0) return null;
  return (
    <div className="ld-orders-attempts" data-testid="release-attempts">
      <Typography.Text strong>
        {t('orders.gate.attempts', { n: order.releaseAttempts.length })}
      </Typography.Text>
      {order.releaseAttempts.map((a, i) => (
        <div key={`${a.at}-${i}`} className="ld-orders-attempt" data-testid="release-attempt">
          <div className="ld-muted" style={{ fontSize: 12 }}>
            {t('orders.gate.attemptBy', { name: a.actorName || a.actor, at: formatDateTime(a.at) })}
          </div>
          <ul className="ld-orders-gaps ld-orders-gaps-small" title={a.reasons.join('\n')}>
            {a.reasons.slice(0, SHOWN_REASONS).map((r, j) => (
              <li key={j}>{r}</li>
            ))}
            {a.reasons.length > SHOWN_REASONS ? (
              <li className="ld-muted">
                {t('orders.gate.moreReasons', { n: a.reasons.length - SHOWN_REASONS })}
              </li>
            ) : null}
          </ul>
        </div>
      ))}
    </div>
  );
}

/** Red for the conflicts a supervisor must look at (released past a failed check, failed after release). */
const SERIOUS = new Set<string>(SERIOUS_FLAGS);

function FlagList({ order, role }: { order: OrderDetail; role: string | undefined }) {
  const { t } = useTranslation();
  if (order.flagList.length === 0) return null;
  const red = watchesFlags(role);
  return (
    <div className="ld-orders-flags" data-testid="order-flags">
      <Typography.Text strong>{t('orders.flags.title', { n: order.flagList.length })}</Typography.Text>
      {order.flagList.map((f) => (
        <div
          key={`${f.eventId}-${f.reason}`}
          className={`ld-orders-flag${red && SERIOUS.has(f.reason) ? ' ld-orders-flag-serious' : ''}`}
          data-testid="order-flag"
          data-reason={f.reason}
        >
          <div>{f.text}</div>
          <div className="ld-muted" style={{ fontSize: 12 }}>
            {t('orders.flags.by', {
              name: f.actorName || f.actor,
              device: f.device,
              at: formatDateTime(f.at),
            })}
          </div>
        </div>
      ))}
    </div>
  );
}
