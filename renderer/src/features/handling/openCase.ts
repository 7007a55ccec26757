/**
 * The case open in the handling view. It is read when opened (unless this
 * window has just written it, e.g. created it at intake), shows the answer of
 * each write made here, and is read again only when the case changed
 * elsewhere: another window or sync. The echo of this window's own write and
 * changes to other cases cause no read (see stores/ownWrites.ts).
 */
import { create } from 'zustand';
import type { InputOf } from '../../../../shared/contract/api';
import type { CaseDetail } from '../../../../shared/contract/methods/cases';
import type { ApiError, Result } from '../../../../shared/contract/result';
import { callDesk } from '../../lib/desk';
import {
  onCaseChangedElsewhere,
  freshDetail,
  writeCase,
  type CaseWriteMethod,
} from '../../stores/caseWrites';

interface OpenCaseState {
  caseId: string | null;
  detail: CaseDetail | null;
  error: ApiError | null;
  /** Shows `caseId`; returns the function that closes it. */
  open(caseId: string): () => void;
  /** Writes the open case and shows the answer. */
  write<M extends Exclude<CaseWriteMethod, 'case.create'>>(
    method: M,
    input: InputOf<M>,
  ): Promise<Result<CaseDetail>>;
}

/** The case being read, and whether it changed during that read (read once more after it). */
let reading: string | null = null;
let readAgain = false;
let stopListening: (() => void) | null = null;

export const useOpenCase = create<OpenCaseState>((set, get) => {
  /**
   * Shows `d` if it is the open case and not older than what is shown. A case
   * only gains events, so the longer timeline is the newer case: a read that
   * started before this window's write and answers after it is not shown.
   */
  function show(d: CaseDetail): void {
    const cur = get().detail;
    if (d.id !== get().caseId) return;
    if (cur && cur.id === d.id && d.timeline.length < cur.timeline.length) return;
    set({ detail: d, error: null });
  }

  async function read(): Promise<void> {
    const caseId = get().caseId;
    if (caseId === null) return;
    if (reading === caseId) {
      readAgain = true;
      return;
    }
    reading = caseId;
    readAgain = false;
    try {
      const r = await callDesk('case.get', { caseId });
      if (get().caseId !== caseId) return;
      if (r.ok) show(r.value);
      else set({ error: r.error });
    } finally {
      if (reading === caseId) reading = null;
    }
    if (readAgain && reading === null && get().caseId === caseId) await read();
  }

  return {
    caseId: null,
    detail: null,
    error: null,

    open(caseId) {
      stopListening?.();
      readAgain = false;
      const fresh = freshDetail(caseId);
      set({ caseId, detail: fresh, error: null });
      const stop = onCaseChangedElsewhere((id) => {
        if (id === get().caseId) void read();
      });
      stopListening = stop;
      if (!fresh) void read();
      return () => {
        stop();
        if (stopListening === stop) stopListening = null;
        if (get().caseId === caseId) set({ caseId: null, detail: null, error: null });
      };
    },

    async write(method, input) {
      const r = await writeCase(method, input, get().detail);
      if (r.ok) show(r.value);
      return r;
    },
  };
});
