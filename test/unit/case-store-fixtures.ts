/**
 * A DeskApi with cases in memory for the renderer's store tests: it counts
 * calls, and after each write that appended an event it sends case.changed
 * like the desk does, to every window, before or after the write's answer.
 */
import type { DeskApi, DeskEvent, InputOf, MethodName, OutputOf } from '../../shared/contract/api';
import type { CaseDetail } from '../../shared/contract/methods/cases';
import type { Result } from '../../shared/contract/result';

export type Echo = 'before' | 'after' | 'none';

export function detailOf(id: string, name: string): CaseDetail {
  return {
    id,
    number: `GZ01-20261129-${id.slice(-4)}`,
    status: 'new',
    currentStep: 1,
    customerName: name,
    customerPhone: '',
    channel: 'walk_in',
    category: 'telecom.value_added',
    severity: 'general',
    owner: 'staff-1',
    ownerName: '李主管',
    assignee: null,
    receivedAt: '2026-11-29T08:00:00.000Z',
    openedAt: '2026-11-29T08:00:00.000Z',
    updatedAt: '2026-11-29T08:00:00.000Z',
    closedAt: null,
    dueAt: null,
    scriptVersion: '1',
    customer: { name, phone: '', gender: 'female', returning: false },
    account: '账目',
    steps: {},
    stepRecordedAt: {},
    pauses: [],
    contacts: [],
    actions: [],
    callbacks: [],
    lateReason: null,
    escalation: null,
    malice: null,
    tags: { failurePoint: null, qualityGap: null, responsibility: null },
    timeline: [],
  };
}

/** A desk with cases in memory. Each write appends a timeline entry and sends case.changed. */
export class FakeDesk implements DeskApi {
  readonly calls: string[] = [];
  readonly cases = new Map<string, CaseDetail>();
  /** When this window's writes' echoes arrive. */
  echo: Echo = 'before';
  private readonly listeners = new Set<(e: DeskEvent) => void>();
  private n = 0;
  /** Reads answer only when released (to order them against writes). */
  holdReads = false;
  private held: (() => void)[] = [];

  count(method: string): number {
    return this.calls.filter((m) => m === method).length;
  }

  add(name: string): CaseDetail {
    this.n += 1;
    const id = `00000000-0000-4000-8000-${String(this.n).padStart(12, '0')}`;
    const d = detailOf(id, name);
    d.timeline = [this.entry('case.opened')];
    this.cases.set(id, d);
    return d;
  }

  /** A change made elsewhere (another window, sync): the case changes and the event arrives. */
  changeElsewhere(caseId: string, patch: Partial<CaseDetail> = {}): void {
    this.mutate(caseId, 'case.note_added', patch);
    this.emit(caseId);
  }

  emit(caseId: string): void {
    for (const l of [...this.listeners]) l({ type: 'case.changed', caseId });
  }

  releaseReads(): void {
    const h = this.held;
    this.held = [];
    for (const f of h) f();
  }

  async call<M extends MethodName>(method: M, input: InputOf<M>): Promise<Result<OutputOf<M>>> {
    this.calls.push(method);
    const r = await this.answer(method, input as Record<string, unknown>);
    return r as unknown as Result<OutputOf<M>>;
  }

  subscribe(listener: (e: DeskEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  setSession(): void {}
  setLocale(): void {}

  private entry(type: string) {
    this.n += 1;
    return {
      eventId: `e${this.n}`,
      type,
      at: '',
      actor: 'staff-1',
      actorName: '',
      device: 'GZ01',
      payload: {},
    };
  }

  private mutate(caseId: string, type: string, patch: Partial<CaseDetail>): CaseDetail {
    const cur = this.cases.get(caseId);
    if (!cur) throw new Error(`no case ${caseId}`);
    const next = { ...cur, ...patch, timeline: [...cur.timeline, this.entry(type)] };
    this.cases.set(caseId, next);
    return next;
  }

  private async answer(method: string, input: Record<string, unknown>): Promise<Result<unknown>> {
    await Promise.resolve();
    if (method === 'case.get') {
      const d = this.cases.get(String(input.caseId));
      if (this.holdReads) await new Promise<void>((resolve) => this.held.push(resolve));
      return d
        ? { ok: true, value: d }
        : { ok: false, error: { code: 'not_found', message: 'no such case' } };
    }
    if (method === 'case.list') {
      const items = [...this.cases.values()].reverse();
      return { ok: true, value: { items, nextCursor: null, total: items.length, totalCapped: false } };
    }
    let d: CaseDetail;
    if (method === 'case.create') {
      d = this.add(String((input.customer as { name: string }).name));
    } else {
      const caseId = String(input.caseId);
      const patch: Partial<CaseDetail> =
        method === 'case.close'
          ? { status: 'closed' }
          : method === 'case.reopen'
            ? { status: 'in_progress' }
            : method === 'case.recordStep'
              ? { status: 'in_progress', currentStep: 2 }
              : {};
      d = this.mutate(caseId, method, patch);
    }
    if (this.echo === 'before') this.emit(d.id);
    if (this.echo === 'after') setTimeout(() => this.emit(d.id), 0);
    return { ok: true, value: d };
  }
}
