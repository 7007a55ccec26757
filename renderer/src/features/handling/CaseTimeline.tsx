import { useEffect, useState } from 'react';
import { Button, Card, Input, Space, Timeline, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { CaseDetail, TimelineEntry } from '../../../../shared/contract/methods/cases';
import { NATURES } from '../../../../shared/domain/cases/payloads';
import { LIMITS } from '../../../../shared/domain/kernel/limits';
import { formatDateTime } from '../../lib/format';
import { useLabels, type Labels } from '../../lib/labels';
import { showError, showSuccess } from '../../lib/notify';
import { useDraftKeptNotice, useTextDraft } from '../../lib/useDraft';
import { useAnalysisLists } from '../../stores/analysisLists';
import { noteDraftKey } from '../../stores/drafts';
import type { AnalysisLists } from '../../../../shared/domain/settings/lists';
import { describeFollowUp, FOLLOW_UP_COLORS, LateReasonLine } from './followUpTimeline';
import { useOpenCase } from './openCase';
import { onCtrlEnter } from '../../lib/keys';
import { describeEvidence, EVIDENCE_COLORS } from '../evidence/evidenceTimeline';
import { describeByDomain, DOMAIN_COLORS, REASON_IN_LINE } from './domainTimeline';

type T = TFunction<'translation', undefined>;

function str(payload: unknown, key: string): string | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const v = (payload as Record<string, unknown>)[key];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;
}

const COLORS: Record<string, string> = {
  'case.opened': 'blue',
  'case.step_recorded': 'green',
  'case.note_added': 'gray',
  'case.field_set': 'gray',
  'case.closed': 'green',
  'case.reopened': 'red',
  'case.classified': 'green',
  ...FOLLOW_UP_COLORS,
  ...EVIDENCE_COLORS,
  ...DOMAIN_COLORS,
};

/** The taxonomy and script labels the shared describers ask for. */
function domainLabels(labels: Labels) {
  return {
    locale: labels.locale,
    label(kind: 'channel' | 'category' | 'severity' | 'step', value: string): string {
      if (kind === 'step') return labels.step(Number(value));
      return kind === 'category' ? labels.categoryPath(value) : labels[kind](value);
    },
  };
}

/** One readable line per event type. */
function describe(
  e: TimelineEntry,
  t: T,
  labels: Labels,
  staffNames: Map<string, string>,
  again: boolean,
  actions: CaseDetail['actions'],
  lists: AnalysisLists | undefined,
): React.ReactNode {
  const p = e.payload;
  switch (e.type) {
    case 'case.opened':
      return t('timeline.opened', { number: str(p, 'number') ?? '' });
    case 'case.step_recorded': {
      const n = Number(str(p, 'step'));
      return t(again ? 'timeline.stepAgain' : 'timeline.step', { n, title: labels.step(n) });
    }
    case 'case.note_added':
      return (
        <>
          <Typography.Text strong>{t('timeline.note')}</Typography.Text>
          <div className="ld-timeline-note">{str(p, 'text') ?? ''}</div>
        </>
      );
    case 'case.field_set': {
      const field = str(p, 'field') ?? '';
      const value = str(p, 'value');
      const fieldLabel =
        field === 'assignee' || field === 'category' || field === 'severity' || field === 'dueAt'
          ? t(`timeline.fields.${field}`)
          : field;
      if (value === null) return t('timeline.fieldCleared', { field: fieldLabel });
      const shown =
        field === 'category'
          ? labels.categoryPath(value)
          : field === 'severity'
            ? labels.severity(value)
            : field === 'dueAt'
              ? formatDateTime(value)
              : field === 'assignee'
                ? (staffNames.get(value) ?? value)
                : value;
      return t('timeline.fieldSet', { field: fieldLabel, value: shown });
    }
    case 'case.closed': {
      const reason = str(p, 'overrideReason');
      return reason ? t('timeline.closedOverride', { reason }) : t('timeline.closed');
    }
    case 'case.reopened':
      return t('timeline.reopened', { reason: str(p, 'reason') ?? '' });
    case 'case.classified': {
      // Issue 12: the nature given at the close, or a supervisor's re-classification (with its reason).
      const raw = str(p, 'nature');
      const known = NATURES.find((n) => n === raw);
      const nature = known ? t(`nature.values.${known}`) : (raw ?? '');
      return t(str(p, 'reason') ? 'caseJudgement.reclassified' : 'caseJudgement.classified', { nature });
    }
    default:
      return (
        describeFollowUp(e, { t, staffNames, actions }) ??
        describeEvidence(e, t) ??
        describeByDomain(e, domainLabels(labels), staffNames, lists) ??
        t('timeline.unknown', { type: e.type })
      );
  }
}

interface Props {
  detail: CaseDetail;
  canNote: boolean;
  staffNames: Map<string, string>;
}

export function CaseTimeline({ detail, canNote, staffNames }: Props) {
  const { t } = useTranslation();
  const labels = useLabels();
  const lists = useAnalysisLists((s) => s.view?.lists);
  const tagged = detail.timeline.some((e) => e.type === 'case.tagged');
  useEffect(() => {
    if (tagged) void useAnalysisLists.getState().load();
  }, [tagged]);
  // A half-typed note is kept per clerk until it is added (issue 10).
  const noteKey = noteDraftKey(detail.id);
  const [note, setNote, noteAdded] = useTextDraft(noteKey);
  useDraftKeptNotice(noteKey, t('drafts.note', { number: detail.number }));
  const [busy, setBusy] = useState(false);

  async function addNote() {
    const text = note.trim();
    if (!text || busy) return;
    setBusy(true);
    const r = await useOpenCase.getState().write('case.addNote', { caseId: detail.id, text });
    setBusy(false);
    if (!r.ok) {
      showError(r.error);
      return;
    }
    noteAdded();
    showSuccess(t('timeline.noteAdded'));
  }

  const entries = [...detail.timeline].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  // A step recorded a second time is a correction: say so.
  const seenSteps = new Set<string>();
  const repeated = new Set<string>();
  for (const e of entries) {
    if (e.type !== 'case.step_recorded') continue;
    const n = str(e.payload, 'step') ?? '';
    if (seenSteps.has(n)) repeated.add(e.eventId);
    seenSteps.add(n);
  }

  return (
    <Card size="small" title={t('timeline.title')} data-testid="case-timeline">
      {entries.length === 0 ? (
        <Typography.Text type="secondary">{t('timeline.empty')}</Typography.Text>
      ) : (
        <Timeline
          style={{ marginTop: 8 }}
          items={entries.map((e) => ({
            key: e.eventId,
            color: COLORS[e.type] ?? 'gray',
            content: (
              <div data-testid="timeline-entry" data-type={e.type}>
                <div className="ld-muted" style={{ fontSize: 12 }}>
                  {formatDateTime(e.at)} · {e.actorName}
                </div>
                <div>
                  {describe(e, t, labels, staffNames, repeated.has(e.eventId), detail.actions, lists)}
                </div>
                <LateReasonLine entry={e} t={t} />
                {/* A supervisor's act (shared/domain/cases/authority.ts) carries its reason. */}
                {!REASON_IN_LINE.has(e.type) && str(e.payload, 'reason') ? (
                  <div className="ld-muted" data-testid="timeline-reason">
                    {t('timeline.reason', { reason: str(e.payload, 'reason') })}
                  </div>
                ) : null}
              </div>
            ),
          }))}
        />
      )}
      {canNote ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Input.TextArea
            value={note}
            onChange={(e) => setNote(e.target.value)}
            maxLength={LIMITS.noteText}
            autoSize={{ minRows: 2, maxRows: 8 }}
            placeholder={t('timeline.notePlaceholder')}
            aria-label={t('timeline.addNote')}
            onKeyDown={(e) => onCtrlEnter(e, () => void addNote())}
            disabled={busy}
            data-testid="note-input"
          />
          <Button
            onClick={() => void addNote()}
            disabled={!note.trim()}
            loading={busy}
            data-testid="note-submit"
          >
            {t('timeline.addNote')}
          </Button>
        </Space>
      ) : null}
    </Card>
  );
}
