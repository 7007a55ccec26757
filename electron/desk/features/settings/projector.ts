/**
 * The settings projection: the settings book (book.ts), folded again from the
 * log whenever a batch holds settings events, and again after the staff book
 * changed (`dependsOn('settings', 'staff')` at the composition root): whether
 * an event counts depends on its actor's role at its place in fold order, so
 * a staff event arriving late may change what a settings event did. No rows:
 * the book lives in memory, rebuilt when the store opens. The changed id is
 * the settings stream's, so a projector that derives from the settings (the
 * case deadlines) can depend on this one.
 */
import {
  foldSettings,
  type SettingsRoleOracle,
  type SettingsState,
} from '../../../../shared/domain/settings/fold';
import { SETTINGS_STREAM, SETTINGS_STREAM_ID } from '../../../../shared/domain/settings/payloads';
import type { ProjectionContext, Projector } from '../../kernel/projectors';
import { setSettingsBook, settingsBook } from './book';

export const SETTINGS_PROJECTION_VERSION = 1;

/** What a settings state did: the counted events and the flagged ones (equal => same settings). */
function signature(s: SettingsState): string {
  const ids = [
    ...s.calendars.map((v) => v.eventId),
    '|',
    ...[...s.publicYears.values()].flatMap((l) => l.map((v) => v.eventId)),
    '|',
    ...s.rules.map((v) => v.eventId),
    '|',
    ...s.lists.map((v) => v.eventId),
    '|',
    ...s.flags.map((f) => `${f.eventId}:${f.reason}`),
  ];
  return ids.join(',');
}

/** Without `roleAt` every settings event counts (tools and tests without a staff book). */
export function settingsProjector(ctx: ProjectionContext, roleAt?: SettingsRoleOracle): Projector {
  const refold = (maxSeq?: number): boolean => {
    const before = signature(settingsBook(ctx.d));
    const events = ctx.readKind(SETTINGS_STREAM, maxSeq).map((r) => r.event);
    const state = foldSettings(events, roleAt ? { roleAt } : {});
    setSettingsBook(ctx.d, state);
    return signature(state) !== before;
  };
  refold();

  return {
    kind: SETTINGS_STREAM,
    version: SETTINGS_PROJECTION_VERSION,
    clear: () => setSettingsBook(ctx.d, foldSettings([])),
    reload: () => {
      refold();
    },
    begin() {
      let maxSeq = 0;
      return {
        apply: (_e, seq) => {
          if (seq > maxSeq) maxSeq = seq;
        },
        flush: () => {
          if (maxSeq === 0) return [];
          refold(maxSeq);
          maxSeq = 0;
          return [SETTINGS_STREAM_ID];
        },
      };
    },
    refresh: (upToSeq) => (refold(upToSeq) ? [SETTINGS_STREAM_ID] : []),
  };
}
