/**
 * The case's own due date (`case.field_set` of `dueAt`; ./fold.ts applies it
 * in fold order, after ./authority.ts has judged whether it is a supervisor's
 * act). Keys in canonical (sorted) order, as the fold builds them. Pure.
 */
import { compareFoldKeys } from '../kernel/foldKey';
import type { CaseState } from './state';

/**
 * The due date register after a change at `key`. A date set by someone without
 * a supervising role (`unsupervised`) over no date, or over one set so too, is
 * `bounded`: the deadlines take it only where it is earlier than the derived
 * result deadline. Over a supervisor's date (which it may only bring forward:
 * ./authority.ts) it stands as set.
 */
export function dueRegister(
  reg: CaseState['dueAt'],
  value: string | null,
  key: string,
  unsupervised: boolean,
): CaseState['dueAt'] {
  if (compareFoldKeys(key, reg.key) <= 0) return reg;
  const bounded = unsupervised && value !== null && (reg.value === null || reg.bounded === true);
  return bounded ? { bounded: true, key, value } : { key, value };
}
