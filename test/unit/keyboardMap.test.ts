import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SHORTCUTS, SHORTCUT_SCOPES } from '../../renderer/src/lib/keys';
import { zhCN } from '../../renderer/src/i18n/zh-CN';
import { en } from '../../renderer/src/i18n/en';

/** The rows of docs/keyboard.md's shortcut table, cells trimmed. */
function docRows(): string[][] {
  return readFileSync('docs/keyboard.md', 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('| `'))
    .map((l) =>
      l
        .slice(1, -1)
        .split('|')
        .map((c) => c.trim()),
    );
}

describe('the shortcut map (issue 10)', () => {
  it('docs/keyboard.md has the same table as the map the desk shows with ?, in both languages', () => {
    const expected = SHORTCUT_SCOPES.flatMap((scope) =>
      SHORTCUTS.filter((s) => s.scope === scope).map((s) => [
        `\`${s.keys}\``,
        `${zhCN.keys.scope[scope]} / ${en.keys.scope[scope]}`,
        zhCN.keys.do[s.id],
        en.keys.do[s.id],
      ]),
    );
    expect(docRows()).toEqual(expected);
  });

  it('lists every global key the shell handles and every described shortcut', () => {
    const shell = readFileSync('renderer/src/app/Shell.tsx', 'utf8');
    const handled = [...shell.matchAll(/e\.key === '([^']+)'/g)].map((m) => m[1]?.toUpperCase());
    const listed = SHORTCUTS.filter((s) => s.scope === 'global').map((s) => s.keys);
    for (const key of handled) {
      if (key !== 'ESCAPE') expect(listed, key).toContain(key);
    }
    expect(Object.keys(zhCN.keys.do).sort()).toEqual(SHORTCUTS.map((s) => s.id).sort());
  });
});
