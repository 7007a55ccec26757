/**
 * Retention (issue 13, docs/backups.md "Retention"): nothing deletes a
 * record younger than the retention period (3 years by default). Today
 * nothing deletes a record at all: the event log is append-only on the desk
 * and at head office, and the only deletions are of projections (rebuilt
 * from the log), unsaved drafts, uploads no event refers to, and this
 * device's older backup copies beyond the keep counts. This test is the
 * guard: a statement that deletes from, drops or rewrites the event log
 * anywhere outside the migrations fails here, so a purge cannot be added
 * without being reviewed against the retention period (and this list).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'migrations' && entry.name !== 'node_modules') out.push(...walk(p));
    } else if (entry.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** Ways to remove or rewrite stored events (SQL text and Kysely). */
const PURGES = [
  /DELETE\s+FROM\s+["`]?events\b/i,
  /DROP\s+TABLE\s+(IF\s+EXISTS\s+)?["`]?events\b/i,
  /UPDATE\s+["`]?events["`]?\s+SET(?!\s+known\b)\s/i,
  /deleteFrom\(\s*['"]events['"]\s*\)/,
  /updateTable\(\s*['"]events['"]\s*\)\s*\.set\(\s*\{(?!\s*known\s*:)/,
  /TRUNCATE\s+(TABLE\s+)?["`]?events\b/i,
];

describe('retention: nothing deletes a record', () => {
  it('no code outside the migrations deletes, drops or rewrites stored events (desk and head office)', () => {
    const found: string[] = [];
    for (const dir of ['electron', 'server']) {
      for (const file of walk(path.join(root, dir))) {
        const text = readFileSync(file, 'utf8');
        for (const re of PURGES) {
          const m = re.exec(text);
          if (m) found.push(`${path.relative(root, file)}: ${m[0]}`);
        }
      }
    }
    expect(found).toEqual([]);
  });

  it('the guard itself catches a purge', () => {
    const samples = [
      'DELETE FROM events WHERE hlc < ?',
      "await tx.deleteFrom('events').where('hlc', '<', cutoff).execute()",
      "UPDATE events SET payload = '{}'",
    ];
    for (const s of samples)
      expect(
        PURGES.some((re) => re.test(s)),
        s,
      ).toBe(true);
    expect(PURGES.some((re) => re.test("this.d.db.updateTable('events').set({ known: 1 })"))).toBe(false);
  });
});
