/**
 * Timeline lines for the follow-up events of issue 9 (pause, resume, contact
 * attempts, actions, callbacks) and the late-entry reason of an intake, in
 * the interface language. CaseTimeline.tsx asks here for any type it does
 * not describe itself.
 */
import { Typography } from 'antd';
import type { TFunction } from 'i18next';
import type { CaseActionView, TimelineEntry } from '../../../../shared/contract/methods/cases';
import { CONTACT_CHANNELS, CONTACT_OUTCOMES, PAUSE_REASONS } from '../../../../shared/domain/cases/payloads';
import { formatDateTime } from '../../lib/format';

/**
 * The interface's t (no key prefix). Not `ReturnType<typeof useTranslation>['t']`:
 * that takes every key prefix at once and grows too deep for the checker as the catalogue grows.
 */
type T = TFunction<'translation', undefined>;

export const FOLLOW_UP_COLORS: Record<string, string> = {
  'case.paused': 'orange',
  'case.resumed': 'blue',
  'case.contact_attempted': 'gray',
  'case.action_added': 'blue',
  'case.action_done': 'green',
  'case.callback_recorded': 'green',
};

function field(payload: unknown, key: string): unknown {
  return typeof payload === 'object' && payload !== null
    ? (payload as Record<string, unknown>)[key]
    : undefined;
}

function text(payload: unknown, key: string): string {
  const v = field(payload, key);
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

/** A label for a known value of a fixed list, or the value itself. */
function known<V extends string>(list: readonly V[], v: string, label: (v: V) => string): string {
  return (list as readonly string[]).includes(v) ? label(v as V) : v;
}

function Note({ children }: { children: string }) {
  return children ? <div className="ld-timeline-note">{children}</div> : null;
}

interface Context {
  t: T;
  staffNames: Map<string, string>;
  actions: CaseActionView[];
}

/** The line for `e`, or null when it is not a follow-up event. */
export function describeFollowUp(e: TimelineEntry, { t, staffNames, actions }: Context): React.ReactNode {
  const p = e.payload;
  const channel = (v: string) => known(CONTACT_CHANNELS, v, (c) => t(`followUp.channel.${c}`));
  const outcome = (v: string) => known(CONTACT_OUTCOMES, v, (o) => t(`followUp.outcome.${o}`));
  switch (e.type) {
    case 'case.paused':
      return (
        <>
          {t('followUp.timeline.paused', {
            reason: known(PAUSE_REASONS, text(p, 'reason'), (r) => t(`followUp.pause.reasons.${r}`)),
          })}
          <Note>{text(p, 'note')}</Note>
        </>
      );
    case 'case.resumed':
      return (
        <>
          {t('followUp.timeline.resumed')}
          <Note>{text(p, 'note')}</Note>
        </>
      );
    case 'case.contact_attempted':
      return (
        <>
          {t('followUp.timeline.contact', {
            channel: channel(text(p, 'channel')),
            outcome: outcome(text(p, 'outcome')),
          })}
          {text(p, 'at') && formatDateTime(text(p, 'at')) !== formatDateTime(e.at) ? (
            <span className="ld-muted"> · {formatDateTime(text(p, 'at'))}</span>
          ) : null}
          <Note>{text(p, 'note')}</Note>
        </>
      );
    case 'case.action_added': {
      const owner = field(p, 'owner');
      const ownerName =
        text(owner, 'kind') === 'staff'
          ? (staffNames.get(text(owner, 'staffId')) ?? text(owner, 'staffId'))
          : text(owner, 'name');
      return t('followUp.timeline.actionAdded', {
        what: text(p, 'what'),
        owner: ownerName,
        due: formatDateTime(text(p, 'dueAt')),
      });
    }
    case 'case.action_done': {
      const action = actions.find((a) => a.id === text(p, 'actionId'));
      return (
        <>
          {t('followUp.timeline.actionDone', { what: action?.what ?? '' })}
          <Note>{t('followUp.timeline.result', { result: text(p, 'result') })}</Note>
        </>
      );
    }
    case 'case.callback_recorded': {
      const satisfaction = field(p, 'satisfaction');
      return (
        <>
          {typeof satisfaction === 'number'
            ? t('followUp.timeline.callbackReached', {
                outcome: outcome(text(p, 'outcome')),
                who: text(p, 'reachedWho'),
                n: satisfaction,
              })
            : t('followUp.timeline.callback', { outcome: outcome(text(p, 'outcome')) })}
          <Note>{text(p, 'comment')}</Note>
        </>
      );
    }
    default:
      return null;
  }
}

/** The late-entry reason given at intake, under the "opened" line. */
export function LateReasonLine({ entry, t }: { entry: TimelineEntry; t: T }) {
  const reason = entry.type === 'case.opened' ? text(entry.payload, 'lateReason') : '';
  if (!reason) return null;
  return (
    <Typography.Text type="secondary" style={{ display: 'block' }} data-testid="timeline-late-reason">
      {t('followUp.timeline.lateReason', { reason })}
    </Typography.Text>
  );
}
