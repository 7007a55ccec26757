/**
 * One case's dossier as a printable page (issue 13 item 1): the summary,
 * every step with its captured fields, notes, pauses, contact attempts,
 * actions, callbacks, the escalation, the evidence list, the sign-offs
 * (who recorded each step, closed the case, reviewed an escalation,
 * determined a claim malicious) and the timeline, in zh-CN or English.
 *
 * A pure function of the same detail `case.get` answers (the evidence list
 * is its case.evidence_added events: evidence is only ever added, and the
 * same file twice is one item), the script and taxonomy, and a context for
 * times, names and the timeline's lines (the features' describers): no
 * database, no clock. Every string is escaped (blocks.ts).
 */
import type { CaseDetail, TimelineEntry } from '../../../../shared/contract/methods/cases';
import type { HandlingScript, ScriptField, Taxonomy } from '../../../../shared/domain/cases/script';
import {
  categoryPathLabel,
  findStep,
  optionsFor,
  stepTitle,
} from '../../../../shared/domain/cases/scriptRules';
import type { FieldValue } from '../../../../shared/domain/cases/payloads';
import { localize, type Locale } from '../../../../shared/domain/kernel/locale';
import { defList, section, table, type PdfContext } from './blocks';
import { esc, type PdfPage } from './html';
import {
  CHANNEL_WORDS,
  EVIDENCE_WORDS,
  GENDER_WORDS,
  LEVEL_WORDS,
  MALICE_WORDS,
  NATURE_WORDS,
  OUTCOME_WORDS,
  PAUSE_WORDS,
  ROOT_CAUSE_WORDS,
  STATUS_WORDS,
  t,
  wordOf,
} from './words';

export interface DossierContext extends PdfContext {
  /** One line for a timeline entry, without time or actor (the features' describers). */
  describe(entry: TimelineEntry): string;
}

export interface DossierInput {
  detail: CaseDetail;
  /** The branch's name as the header shows it. */
  branch: string;
  script: HandlingScript;
  taxonomy: Taxonomy;
  /** When it was printed (ISO). */
  printedAt: string;
  ctx: DossierContext;
}

const STEPS = [1, 2, 3, 4, 5, 6] as const;

function str(payload: unknown, key: string): string | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const v = (payload as Record<string, unknown>)[key];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;
}

function yesNo(v: boolean, l: Locale): string {
  return t(v ? 'yes' : 'no', l);
}

/** A captured value as the reader reads it: option labels, yes/no, times. */
function fieldValue(f: ScriptField | undefined, v: FieldValue, i: DossierInput): string {
  const l = i.ctx.locale;
  if (v === null) return '';
  if (typeof v === 'boolean') return yesNo(v, l);
  if (typeof v === 'number') return String(v);
  if (f?.kind === 'choice') {
    const o = optionsFor(f, i.taxonomy).find((x) => x.value === v);
    return o ? localize(o.label, l) : v;
  }
  if (f?.kind === 'datetime') return i.ctx.time(v);
  return v;
}

/** The step_recorded entries in time order. */
function byTime(entries: readonly TimelineEntry[]): TimelineEntry[] {
  return [...entries].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

function summary(i: DossierInput): string {
  const { detail: d, ctx } = i;
  const l = ctx.locale;
  const c = d.customer;
  const rows: Array<readonly [string, string]> = [
    [t('number', l), d.number],
    [t('branch', l), i.branch],
    [t('status', l), wordOf(STATUS_WORDS, d.status, l)],
    [t('customer', l), c.name],
    [t('phone', l), c.phone],
    [t('gender', l), wordOf(GENDER_WORDS, c.gender, l)],
    [t('returning', l), t(c.returning ? 'returningCustomer' : 'newCustomer', l)],
    [t('channel', l), labelOf(i, 'channel', d.channel)],
    [t('category', l), categoryPathLabel(i.taxonomy, d.category, l)],
    [t('severity', l), labelOf(i, 'severity', d.severity)],
    [t('owner', l), d.ownerName || ctx.staffName(d.owner)],
    [t('assignee', l), d.assignee ? ctx.staffName(d.assignee) : ''],
    [t('received', l), ctx.time(d.receivedAt)],
    [t('opened', l), ctx.time(d.openedAt)],
    [t('due', l), d.dueAt ? ctx.time(d.dueAt) : ''],
    [t('closed', l), d.closedAt ? ctx.time(d.closedAt) : ''],
  ];
  if (d.nature) rows.push([t('nature', l), wordOf(NATURE_WORDS, d.nature, l)]);
  if (d.fcr !== undefined && d.fcr !== null) rows.push([t('fcr', l), yesNo(d.fcr, l)]);
  if (d.repeat !== undefined) rows.push([t('repeat', l), yesNo(d.repeat, l)]);
  if (d.escalationLevel) rows.push([t('level', l), wordOf(LEVEL_WORDS, d.escalationLevel, l)]);
  if (d.maliceStatus) rows.push([t('malice', l), wordOf(MALICE_WORDS, d.maliceStatus, l)]);
  rows.push([t('account', l), d.account]);
  if (d.lateReason) rows.push([t('lateReason', l), d.lateReason]);
  return defList(l, rows);
}

function labelOf(i: DossierInput, kind: 'channel' | 'severity', value: string): string {
  const list = kind === 'channel' ? i.taxonomy.channels : i.taxonomy.severities;
  const found = list.find((x) => x.value === value);
  return found ? localize(found.label, i.ctx.locale) : value;
}

function steps(i: DossierInput): string {
  const { detail: d, ctx } = i;
  const l = ctx.locale;
  const recordings = byTime(d.timeline.filter((e) => e.type === 'case.step_recorded'));
  return STEPS.map((n) => {
    const title = t('stepN', l, { n: String(n), title: stepTitle(i.script, n, l) });
    const fields = d.steps[String(n)];
    if (!fields) return `<h3>${esc(title)}</h3><p class="empty">${esc(t('notRecorded', l))}</p>`;
    const last = recordings.filter((e) => str(e.payload, 'step') === String(n)).at(-1);
    const at = last?.at ?? d.stepRecordedAt[String(n)] ?? '';
    const by = last ? last.actorName || ctx.staffName(last.actor) : '';
    const step = findStep(i.script, n);
    const known = new Set((step?.fields ?? []).map((f) => f.key));
    const rows: Array<readonly [string, string]> = [];
    for (const f of step?.fields ?? []) {
      if (f.key in fields) rows.push([localize(f.label, l), fieldValue(f, fields[f.key] ?? null, i)]);
    }
    // A field this script no longer has (an older script's) is still printed, under its key.
    for (const [key, v] of Object.entries(fields)) {
      if (!known.has(key)) rows.push([key, fieldValue(undefined, v, i)]);
    }
    const line = at ? `<p class="muted">${esc(t('recordedBy', l, { at: ctx.time(at), who: by }))}</p>` : '';
    return `<h3>${esc(title)}</h3>${line}${defList(l, rows)}`;
  }).join('\n');
}

function notes(i: DossierInput): string {
  const l = i.ctx.locale;
  const rows = byTime(i.detail.timeline.filter((e) => e.type === 'case.note_added')).map((e) => [
    i.ctx.time(e.at),
    e.actorName || i.ctx.staffName(e.actor),
    str(e.payload, 'text') ?? '',
  ]);
  return rows.length ? table([t('at', l), t('by', l), t('what', l)], rows) : '';
}

function pauses(i: DossierInput): string {
  const l = i.ctx.locale;
  const rows = i.detail.pauses.map((p) => [
    i.ctx.time(p.from),
    p.to ? i.ctx.time(p.to) : t('ongoing', l),
    wordOf(PAUSE_WORDS, p.reason, l),
    p.note,
  ]);
  return rows.length ? table([t('from', l), t('to', l), t('reason', l), t('note', l)], rows) : '';
}

function contacts(i: DossierInput): string {
  const l = i.ctx.locale;
  const rows = i.detail.contacts.map((c) => [
    i.ctx.time(c.at),
    c.actorName || i.ctx.staffName(c.actor),
    wordOf(CHANNEL_WORDS, c.channel, l),
    wordOf(OUTCOME_WORDS, c.outcome, l),
    c.note,
  ]);
  return rows.length ? table([t('at', l), t('by', l), t('how', l), t('outcome', l), t('note', l)], rows) : '';
}

function actions(i: DossierInput): string {
  const l = i.ctx.locale;
  const rows = i.detail.actions.map((a) => [
    a.what,
    a.ownerName,
    i.ctx.time(a.dueAt),
    a.doneAt ? `${i.ctx.time(a.doneAt)} ${a.result ?? ''}`.trim() : '',
  ]);
  return rows.length ? table([t('what', l), t('by', l), t('due', l), t('result', l)], rows) : '';
}

function callbacks(i: DossierInput): string {
  const l = i.ctx.locale;
  const rows = i.detail.callbacks.map((c) => [
    i.ctx.time(c.at),
    c.actorName || i.ctx.staffName(c.actor),
    wordOf(OUTCOME_WORDS, c.outcome, l),
    c.reachedWho,
    c.satisfaction === null ? '' : `${c.satisfaction} / 5`,
    c.comment,
  ]);
  return rows.length
    ? table(
        [t('at', l), t('by', l), t('outcome', l), t('reachedWho', l), t('satisfaction', l), t('comment', l)],
        rows,
      )
    : '';
}

function escalation(i: DossierInput): string {
  const l = i.ctx.locale;
  const e = i.detail.escalation;
  if (!e) return '';
  const rows = e.steps.map((s) => [
    i.ctx.time(s.at),
    s.byName || i.ctx.staffName(s.by),
    t('escalatedTo', l, {
      from: wordOf(LEVEL_WORDS, s.from, l),
      to: wordOf(LEVEL_WORDS, s.level, l),
      cause: wordOf(ROOT_CAUSE_WORDS, s.rootCause, l),
    }) + (s.reason ? `\n${s.reason}` : ''),
    s.review
      ? `${t(s.review.justified ? 'justified' : 'notJustified', l)} · ${s.review.byName} · ${i.ctx.time(s.review.at)}${s.review.comment ? `\n${s.review.comment}` : ''}`
      : t('awaitingReview', l),
  ]);
  return table([t('at', l), t('by', l), t('what', l), t('review', l)], rows);
}

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

interface EvidenceItem {
  sha256: string;
  name: string;
  kind: string;
  size: number;
  note: string;
  at: string;
  by: string;
}

/** The case's evidence files, first addition of each file, in time order. */
export function evidenceOf(d: CaseDetail, ctx: PdfContext): EvidenceItem[] {
  const seen = new Set<string>();
  const out: EvidenceItem[] = [];
  for (const e of byTime(d.timeline)) {
    if (e.type !== 'case.evidence_added') continue;
    const sha256 = str(e.payload, 'sha256') ?? '';
    if (seen.has(sha256)) continue;
    seen.add(sha256);
    out.push({
      sha256,
      name: str(e.payload, 'name') ?? '',
      kind: str(e.payload, 'kind') ?? '',
      size: Number(str(e.payload, 'size') ?? 0),
      note: str(e.payload, 'note') ?? '',
      at: e.at,
      by: e.actorName || ctx.staffName(e.actor),
    });
  }
  return out;
}

function evidence(i: DossierInput): string {
  const l = i.ctx.locale;
  const rows = evidenceOf(i.detail, i.ctx).map((e) => [
    `${e.name}\n${e.sha256}`,
    wordOf(EVIDENCE_WORDS, e.kind, l),
    bytes(e.size),
    `${i.ctx.time(e.at)}\n${e.by}`,
    e.note,
  ]);
  return rows.length
    ? table([t('file', l), t('kind', l), t('size', l), t('at', l), t('note', l)], rows, 'listing')
    : '';
}

/** Who signed what: each step's recording (corrections too), the close, reviews, the malice determination. */
function signOffs(i: DossierInput): string {
  const { detail: d, ctx } = i;
  const l = ctx.locale;
  const rows: Array<[string, string, string]> = [];
  for (const e of byTime(d.timeline)) {
    const who = e.actorName || ctx.staffName(e.actor);
    if (e.type === 'case.step_recorded') {
      const n = Number(str(e.payload, 'step'));
      rows.push([t('signStep', l, { n: String(n), title: stepTitle(i.script, n, l) }), who, e.at]);
    } else if (e.type === 'case.closed') {
      rows.push([t('signClose', l), who, e.at]);
    }
  }
  for (const s of d.escalation?.steps ?? []) {
    if (s.review) {
      const verdict = t(s.review.justified ? 'justified' : 'notJustified', l);
      rows.push([
        t('signReview', l, { verdict }),
        s.review.byName || ctx.staffName(s.review.by),
        s.review.at,
      ]);
    }
  }
  const m = d.malice?.determination;
  if (m) {
    rows.push([
      t('signMalice', l, { outcome: wordOf(MALICE_WORDS, m.outcome, l) }),
      m.byName || ctx.staffName(m.by),
      m.at,
    ]);
  }
  rows.sort((a, b) => (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0));
  return rows.length
    ? table(
        [t('act', l), t('by', l), t('at', l)],
        rows.map(([what, who, at]) => [what, who, ctx.time(at)]),
      )
    : '';
}

function timeline(i: DossierInput): string {
  const l = i.ctx.locale;
  // The describer's line is the whole line (reasons included), as in the export's thread.
  const rows = byTime(i.detail.timeline).map((e) => [
    i.ctx.time(e.at),
    e.actorName || i.ctx.staffName(e.actor),
    i.ctx.describe(e),
  ]);
  return rows.length ? table([t('at', l), t('by', l), t('what', l)], rows) : '';
}

/** The dossier page of one case. */
export function dossierPage(i: DossierInput): PdfPage {
  const l = i.ctx.locale;
  const d = i.detail;
  const header = `${t('caseWord', l)} ${d.number} · ${i.branch}`;
  const body = [
    `<h1>${esc(t('dossierTitle', l))} ${esc(d.number)}</h1>`,
    `<p class="muted">${esc(i.branch)} · ${esc(t('printedAt', l))} ${esc(i.ctx.time(i.printedAt))}</p>`,
    section(l, t('summary', l), summary(i)),
    section(l, t('steps', l), steps(i)),
    section(l, t('notes', l), notes(i)),
    section(l, t('pauses', l), pauses(i)),
    section(l, t('contacts', l), contacts(i)),
    section(l, t('actions', l), actions(i)),
    section(l, t('callbacks', l), callbacks(i)),
    section(l, t('escalation', l), escalation(i)),
    section(l, t('evidence', l), evidence(i)),
    section(l, t('signOffs', l), signOffs(i)),
    section(l, t('timeline', l), timeline(i)),
  ].join('\n');
  return { locale: l, title: `${t('dossierTitle', l)} ${d.number}`, header, body };
}
