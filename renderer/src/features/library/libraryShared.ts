/**
 * What the case library's screens share: who may write, the 赔偿 check, the
 * desk event that says the library changed, and the prefill of a library
 * entry from a closed case.
 */
import { useEffect } from 'react';
import type { CaseDetail } from '../../../../shared/contract/methods/cases';
import type { Role } from '../../../../shared/domain/kernel/roles';
import { findIndemnity } from '../../../../shared/domain/cases/malice';
import { canWriteLibrary } from '../../../../shared/domain/library/fold';
import { getDeskApi } from '../../bridge';

/** Supervisors and administrators write the library (the desk and the fold say the same). */
export function mayWriteLibrary(role: Role | null | undefined): boolean {
  return canWriteLibrary(role);
}

/**
 * True when a text says 赔偿 (DOMAIN.md §2: the desk offers 补偿, never 赔偿): the form shows a
 * warning, not a refusal. The word and its search are the domain's (shared/domain/cases/malice.ts),
 * the same ones the step forms and the malicious determination use.
 */
export function saysIndemnity(text: string | undefined): boolean {
  return findIndemnity(text ?? '').length > 0;
}

/** Calls `onChange` whenever the branch's library changed (a write here, elsewhere or by sync). */
export function useLibraryChanged(onChange: () => void): void {
  useEffect(
    () =>
      getDeskApi().subscribe((e) => {
        if (e.type === 'library.changed') onChange();
      }),
    [onChange],
  );
}

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
const join = (parts: string[]) => parts.filter((p) => p !== '').join('\n');

export interface EntryDraft {
  caseId: string | null;
  theme: string;
  category: string;
  background: string;
  details: string;
  result: string;
  discussion: string;
}

/** A library entry prefilled from a closed case: the supervisor edits it before saving. */
export function entryFromCase(c: CaseDetail): EntryDraft {
  const s = (n: number) => c.steps[String(n)] ?? {};
  const facts = s(2);
  const theme = text(facts.factsWhat) || c.account.split('\n')[0]?.slice(0, 60) || c.number;
  return {
    caseId: c.id,
    theme: theme.slice(0, 200),
    category: c.category,
    background: join([c.account, text(facts.demand)]),
    details: join([
      text(facts.account),
      text(facts.factsWhen),
      text(facts.factsWhere),
      text(facts.factsWho),
      text(s(4).proposal),
      text(s(5).actions),
    ]),
    result: join([text(s(6).summary)]),
    discussion: '',
  };
}
