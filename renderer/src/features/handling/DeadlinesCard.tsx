/**
 * A case's deadlines (issue 9, docs/deadlines.md) on the handling view: each
 * with its state (pending, due soon, overdue, met, met late, paused, ended)
 * and, while open, the working time left (or how late) on the branch's
 * calendar. The desk derives them (`work.case`); read again when the case
 * changes and every minute, since "due soon" and "overdue" move with the clock.
 */
import { useEffect, useState } from 'react';
import { Button, Card, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../../../shared/contract/methods/cases';
import type { CaseDeadlineView } from '../../../../shared/contract/methods/work';
import { callDesk } from '../../lib/desk';
import { formatDateTime } from '../../lib/format';
import { useNow } from './followUpShared';

/** The interface's t, no key prefix (see followUpTimeline.tsx: the ReturnType form is too deep for the checker). */
type T = TFunction<'translation', undefined>;

export const DEADLINE_STATE_COLORS: Record<CaseDeadlineView['state'], string> = {
  pending: 'blue',
  due_soon: 'gold',
  overdue: 'red',
  met: 'green',
  met_late: 'volcano',
  paused: 'purple',
  ended: 'magenta',
};

/** Open states first (most urgent first), then the settled ones. */
const ORDER: Record<CaseDeadlineView['state'], number> = {
  overdue: 0,
  due_soon: 1,
  pending: 2,
  paused: 3,
  met_late: 4,
  ended: 5,
  met: 6,
};

/** "剩 2.5 工时" / "2.5 working h left"; minutes under an hour; late when negative. */
export function workingTimeLeft(minutes: number, t: T): string {
  const late = minutes < 0;
  const m = Math.abs(minutes);
  if (m < 60) return t(late ? 'deadlines.lateMinutes' : 'deadlines.leftMinutes', { n: Math.round(m) });
  const h = Math.round((m / 60) * 10) / 10;
  return t(late ? 'deadlines.late' : 'deadlines.left', { n: h });
}

/** "12-01 17:30" (the year is rarely in doubt for a deadline). */
function shortTime(iso: string | null): string {
  return formatDateTime(iso).slice(5);
}

function when(d: CaseDeadlineView, t: T): string {
  if (d.metAt) return t('deadlines.metAt', { at: formatDateTime(d.metAt) });
  if (d.endedAt) return t('deadlines.endedAt', { at: formatDateTime(d.endedAt) });
  if (d.dueAt === null) return t('deadlines.pausedNoDue');
  return t('deadlines.due', { at: formatDateTime(d.dueAt) });
}

/** The case's deadlines, read from the desk whenever `detail` changes and every minute. */
function useDeadlines(detail: CaseDetail): CaseDeadlineView[] | null {
  const now = useNow();
  const [deadlines, setDeadlines] = useState<CaseDeadlineView[] | null>(null);
  const version = `${detail.id}:${detail.timeline.length}:${detail.updatedAt}`;
  useEffect(() => {
    let alive = true;
    void callDesk('work.case', { caseId: detail.id }).then((r) => {
      if (alive && r.ok) setDeadlines(r.value.deadlines);
    });
    return () => {
      alive = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `version` stands for the case's content
  }, [version, now]);
  return deadlines;
}

export function DeadlinesCard({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const deadlines = useDeadlines(detail);
  // Those met on time need no attention: counted, listed on request. Late and unmet ones stay.
  const [showMet, setShowMet] = useState(false);
  if (deadlines === null) return null;
  const metCount = deadlines.filter((d) => d.state === 'met').length;
  const actionWhat = new Map(detail.actions.map((a) => [a.id, a.what]));
  const sorted = deadlines
    .filter((d) => showMet || d.state !== 'met')
    .sort((a, b) => ORDER[a.state] - ORDER[b.state] || (a.dueAt ?? '').localeCompare(b.dueAt ?? ''));

  return (
    <Card size="small" title={t('deadlines.title')} className="ld-deadlines" data-testid="case-deadlines">
      {deadlines.length === 0 ? (
        <Typography.Text type="secondary">{t('deadlines.empty')}</Typography.Text>
      ) : (
        <ul className="ld-fu-list ld-deadline-list">
          {sorted.map((d) => {
            const open = d.workingMinutesLeft !== null;
            const label =
              d.kind === 'action'
                ? t('deadlines.actionLabel', { what: actionWhat.get(d.ref) ?? '' })
                : t(`work.kind.${d.kind}`);
            return (
              <li
                key={`${d.kind}:${d.ref}`}
                className={open || d.state === 'paused' ? undefined : 'ld-deadline-settled'}
                data-testid="deadline"
                data-kind={d.kind}
                data-state={d.state}
              >
                <Tag color={DEADLINE_STATE_COLORS[d.state]} className="ld-deadline-state">
                  {t(`work.state.${d.state}`)}
                </Tag>
                <span className="ld-deadline-kind" title={label}>
                  {label}
                </span>
                <span className="ld-deadline-when">
                  {open && d.workingMinutesLeft !== null ? (
                    <>
                      <span
                        className={d.workingMinutesLeft < 0 ? 'ld-deadline-late' : undefined}
                        data-testid="deadline-left"
                      >
                        {workingTimeLeft(d.workingMinutesLeft, t)}
                      </span>
                      <span className="ld-muted" title={when(d, t)}>
                        {' · '}
                        {shortTime(d.dueAt)}
                      </span>
                    </>
                  ) : (
                    <span className="ld-muted">{when(d, t)}</span>
                  )}
                </span>
              </li>
            );
          })}
        </ul>
      )}
      {metCount > 0 ? (
        <Button
          type="link"
          size="small"
          className="ld-deadlines-toggle"
          onClick={() => setShowMet((v) => !v)}
          aria-expanded={showMet}
          data-testid="deadlines-show-met"
        >
          {showMet ? t('deadlines.hideMet') : t('deadlines.showMet', { n: metCount })}
        </Button>
      ) : null}
    </Card>
  );
}
