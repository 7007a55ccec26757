/**
 * The desk's settings book: the settings fold (shared/domain/settings/fold.ts)
 * over every settings event in the log, held in memory per database. The
 * settings projector folds it again whenever settings events arrive, and
 * again (`refresh`) when the staff book changed, since an event counts only
 * if its actor was an administrator. A branch has a handful of these events,
 * so a whole refold is cheap; `settingsAt` is memoised per version.
 */
import {
  EMPTY_SETTINGS,
  settingsAt,
  type SettingsInForce,
  type SettingsState,
} from '../../../../shared/domain/settings/fold';
import type { DeskDatabase } from '../../db/open';

const books = new WeakMap<DeskDatabase, SettingsState>();

export function setSettingsBook(d: DeskDatabase, state: SettingsState): void {
  books.set(d, state);
}

/** The settings state of a database (the defaults and the seed until its projector has folded it). */
export function settingsBook(d: DeskDatabase): SettingsState {
  return books.get(d) ?? EMPTY_SETTINGS;
}

/** The settings in force at `atMs` in this database: calendar, rules and their version key. */
export function settingsInForce(d: DeskDatabase, atMs: number): SettingsInForce {
  return settingsAt(settingsBook(d), atMs);
}

/** A function giving the settings in force at an instant: the oracle other projectors are handed. */
export type SettingsOracle = (atMs: number) => SettingsInForce;

/** The settings oracle of a database (reads the current book at each call). */
export function settingsOracle(d: DeskDatabase): SettingsOracle {
  return (atMs) => settingsInForce(d, atMs);
}
