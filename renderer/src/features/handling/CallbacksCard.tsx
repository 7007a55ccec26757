/**
 * The callbacks tab (回访) of a closed case: where the callback stands (due,
 * done once the customer was reached, unreachable after the rule's number of
 * failed attempts), the callbacks made, and a form to record one: who was
 * reached, the outcome, satisfaction 1-5 (required when reached) and a comment.
 */
import { useEffect, useState } from 'react';
import { Button, Rate, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../../../shared/contract/methods/cases';
import { followsCloseAt } from '../../../../shared/domain/cases/followUpFold';
import { DEFAULT_DEADLINE_RULES } from '../../../../shared/domain/deadlines/rules';
import { callDesk } from '../../lib/desk';
import { formatDateTime } from '../../lib/format';
import { FIRST_CONTROL } from './followUpTab';
import { CallRecordForm } from './CallRecordForm';
import { newestFirst, OutcomeTag } from './followUpShared';
import { useOpenCase } from './openCase';

export type CallbackState = 'due' | 'done' | 'unreachable';

/**
 * The callbacks that follow the case's last close (to the minute, as the
 * deadline counts them: shared/domain/caseFacts.ts): a reopened case closed
 * again is called back again.
 */
export function callbacksOfLastClose(
  detail: Pick<CaseDetail, 'callbacks' | 'closedAt'>,
): CaseDetail['callbacks'] {
  const closedMs = detail.closedAt === null ? null : Date.parse(detail.closedAt);
  return detail.callbacks.filter((c) => followsCloseAt(closedMs, Date.parse(c.at)));
}

/** Done once someone was reached; unreachable after `maxFailed` failed attempts without that. */
export function callbackState(
  detail: Pick<CaseDetail, 'callbacks' | 'closedAt'>,
  maxFailed: number,
): CallbackState {
  const current = callbacksOfLastClose(detail);
  if (current.some((c) => c.outcome === 'reached')) return 'done';
  return current.length >= maxFailed ? 'unreachable' : 'due';
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
  const [again, setAgain] = useState(false);
  const maxFailed = useMaxFailed();
  const state = callbackState(detail, maxFailed);
  const failed = callbacksOfLastClose(detail).filter((c) => c.outcome !== 'reached').length;
  const closed = detail.status === 'closed';
  const showForm = closed && (state === 'due' || again);
  const callbacks = newestFirst(detail.callbacks);

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
        <CallRecordForm
          kind="case"
          firstControlId={FIRST_CONTROL.callbacks}
          record={(call) =>
            useOpenCase.getState().write('case.callback.record', { caseId: detail.id, ...call })
          }
          onRecorded={() => setAgain(false)}
          notBefore={detail.closedAt ?? undefined}
        />
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
