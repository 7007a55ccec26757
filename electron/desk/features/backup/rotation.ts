/**
 * Rotation of the backups in the backup folder: keep the newest backup of
 * each of the last `keepDaily` days that have one, and the newest of each of
 * the `keepWeekly` weeks before those; delete the other backups of THIS
 * device, file and manifest together.
 *
 * Only files with this device's backup name AND their manifest count: a file
 * without its manifest (a copy someone made, or one a crash left half-named)
 * is never deleted, and it is never what keeps a valid backup from being kept,
 * so the newest valid backup always stays. Other devices' and other
 * programs' files in the folder are never touched.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DeviceIdentity } from '../../kernel/meta';
import { BACKUP_EXTENSION, manifestPathOf } from './manifest';

export interface Keep {
  keepDaily: number;
  keepWeekly: number;
}

interface Found {
  name: string;
  /** yyyymmddThhmmssZ plus a tie-breaker: sorts by time. */
  key: string;
  day: string;
  week: string;
}

/** The ISO week (yyyy-Www) of a UTC day yyyymmdd. */
function isoWeek(day: string): string {
  const d = new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(4, 6)) - 1, Number(day.slice(6, 8))));
  const dow = (d.getUTCDay() + 6) % 7; // Monday 0
  d.setUTCDate(d.getUTCDate() - dow + 3); // the Thursday of this week decides its year
  const year = d.getUTCFullYear();
  const week = 1 + Math.floor((d.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** This device's valid backups in `folder` (with their manifests), newest first. */
export function listBackups(folder: string, id: DeviceIdentity): Found[] {
  const re = new RegExp(
    `^loopdesk-${id.branchCode}${id.deviceCode}-(\\d{8})(T\\d{6}Z)(?:-(\\d+))?\\${BACKUP_EXTENSION}$`,
  );
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch {
    return [];
  }
  const found: Found[] = [];
  for (const name of names) {
    const m = re.exec(name);
    if (!m?.[1] || !m[2]) continue;
    if (!fs.existsSync(manifestPathOf(path.join(folder, name)))) continue;
    const n = String(Number(m[3] ?? '0')).padStart(6, '0');
    found.push({ name, key: `${m[1]}${m[2]}${n}`, day: m[1], week: isoWeek(m[1]) });
  }
  return found.sort((a, b) => (a.key < b.key ? 1 : a.key > b.key ? -1 : 0));
}

/** Which backups rotation keeps (names), newest first. */
export function backupsToKeep(found: readonly Found[], keep: Keep): Set<string> {
  const kept = new Set<string>();
  const days = new Set<string>();
  const weeks = new Set<string>();
  for (const f of found) {
    if (days.has(f.day)) continue;
    if (days.size < Math.max(1, keep.keepDaily)) {
      days.add(f.day);
      weeks.add(f.week);
      kept.add(f.name);
    }
  }
  const weekly = new Set<string>();
  for (const f of found) {
    if (kept.has(f.name) || weeks.has(f.week) || weekly.size >= keep.keepWeekly) continue;
    weeks.add(f.week);
    weekly.add(f.week);
    kept.add(f.name);
  }
  return kept;
}

/**
 * Deletes this device's backups beyond what is kept; returns the names
 * deleted. `made`, the backup just written, always stays: names sort by the
 * clock that made them, so after the clock was set back (a wrong date at
 * the counter, corrected later) the newest backup can carry the oldest name.
 * Names later than `made`'s come from such a clock and were written before
 * it: they rank after every other backup, so they fill only the slots the
 * genuine days leave, rather than hold the daily slots until their wrong
 * dates come round while each day's genuine backup is deleted.
 */
export function rotateBackups(folder: string, id: DeviceIdentity, keep: Keep, made?: string): string[] {
  const listed = listBackups(folder, id);
  const madeKey = made === undefined ? undefined : listed.find((f) => f.name === path.basename(made))?.key;
  const found =
    madeKey === undefined
      ? listed
      : [...listed.filter((f) => f.key <= madeKey), ...listed.filter((f) => f.key > madeKey)];
  const kept = backupsToKeep(found, keep);
  if (made !== undefined) kept.add(path.basename(made));
  const deleted: string[] = [];
  for (const f of found) {
    if (kept.has(f.name)) continue;
    const file = path.join(folder, f.name);
    fs.rmSync(file, { force: true });
    fs.rmSync(manifestPathOf(file), { force: true });
    deleted.push(f.name);
  }
  return deleted;
}
