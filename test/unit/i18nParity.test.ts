/**
 * Every text a clerk or an operator reads exists in zh-CN and English, and
 * each language is written in its own punctuation (issue 10):
 *
 * - the interface (renderer/src/i18n): the same keys in both, deep, and the
 *   same {{variables}} in each pair;
 * - every other zh-CN/English pair in the code (`{ 'zh-CN': …, en: … }`: the
 *   desk's message catalogues the desk CLI prints, the server CLI's table,
 *   the bridge's own messages) and in the script and taxonomy
 *   (resources/script, resources/taxonomy): the same {variables} in each pair;
 * - no full-width punctuation (：，（）；。！？、“” …) in any English text;
 * - no half-width colon in a zh-CN label: a colon at the end, or followed by
 *   a space or a Chinese character (times such as 17:00, URLs and
 *   placeholders do not count).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { en } from '../../renderer/src/i18n/en';
import { leadingGap } from '../../renderer/src/i18n/gap';
import { zhCN } from '../../renderer/src/i18n/zh-CN';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Full-width and CJK punctuation, and the curly double quotes Chinese text uses. */
const FULL_WIDTH = /[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u201c\u201d]/u;

/** Variables of a text: {{x}} (interface) or {x} (desk, server, script). */
function variables(text: string): string[] {
  const names = [...text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}|\{([\w.]+)\}/g)].map((m) => m[1] ?? m[2] ?? '');
  return [...new Set(names)].sort();
}

/** A half-width colon used as a label's colon in zh-CN text, or null. */
export function halfWidthLabelColon(text: string): string | null {
  const bare = text
    .replace(/\{\{[^}]*\}\}|\{[\w.]+\}/g, 'X') // placeholders
    .replace(/[a-z][\w+.-]*:\/\/\S*/gi, 'X') // URLs
    .replace(/\d:\d/g, 'X'); // times such as 17:00
  const m = /:(?=$|\s|[\u3400-\u9fff])/u.exec(bare);
  return m ? bare.slice(Math.max(0, m.index - 12), m.index + 3) : null;
}

/** Leaves of a nested resource object: dotted key -> text. */
function leaves(o: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof o === 'string') out.set(prefix, o);
  else if (o && typeof o === 'object') {
    for (const [k, v] of Object.entries(o)) {
      for (const [kk, vv] of leaves(v, prefix ? `${prefix}.${k}` : k)) out.set(kk, vv);
    }
  }
  return out;
}

interface Pair {
  where: string;
  zh: string;
  en: string;
}

/** zh-CN/English pairs in JSON: any object with string `zh-CN` and `en`. */
function jsonPairs(file: string): Pair[] {
  const out: Pair[] = [];
  const walk = (o: unknown, at: string): void => {
    if (Array.isArray(o)) o.forEach((v, i) => walk(v, `${at}[${i}]`));
    else if (o && typeof o === 'object') {
      const r = o as Record<string, unknown>;
      const zh = r['zh-CN'];
      const english = r.en;
      if (typeof zh === 'string' && typeof english === 'string')
        out.push({ where: `${file} ${at}`, zh, en: english });
      for (const [k, v] of Object.entries(r)) walk(v, `${at}.${k}`);
    }
  };
  walk(JSON.parse(readFileSync(path.join(ROOT, file), 'utf8')), '');
  return out;
}

function sourceFiles(dir: string): string[] {
  const full = path.join(ROOT, dir);
  if (!existsSync(full)) return [];
  const out: string[] = [];
  for (const e of readdirSync(full, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const rel = path.posix.join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(rel));
    else if (/\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

/** The static text of a string or template literal (interpolations become {x}), else null. */
function literalText(node: ts.Expression): string | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) {
    return node.head.text + node.templateSpans.map((s) => `{x}${s.literal.text}`).join('');
  }
  return null;
}

/** zh-CN/English pairs in code: object literals `{ 'zh-CN': '…', en: '…' }`. */
function codePairs(file: string): Pair[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  if (!text.includes("'zh-CN'")) return [];
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const out: Pair[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isObjectLiteralExpression(node)) {
      let zh: string | null = null;
      let english: string | null = null;
      for (const p of node.properties) {
        if (!ts.isPropertyAssignment(p)) continue;
        const name = ts.isIdentifier(p.name) || ts.isStringLiteral(p.name) ? p.name.text : '';
        if (name === 'zh-CN') zh = literalText(p.initializer);
        if (name === 'en') english = literalText(p.initializer);
      }
      if (zh !== null && english !== null) {
        const line = sf.getLineAndCharacterOfPosition(node.getStart()).line + 1;
        out.push({ where: `${file}:${line}`, zh, en: english });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

const UI_ZH = leaves(zhCN);
const UI_EN = leaves(en);
const uiPairs: Pair[] = [...UI_ZH].map(([key, zh]) => ({ where: `ui ${key}`, zh, en: UI_EN.get(key) ?? '' }));
const resourcePairs = [
  'resources/script/default.json',
  'resources/taxonomy/default.json',
  'resources/repair/templates.json',
].flatMap(jsonPairs);
const CODE_DIRS = ['electron', 'server', 'shared', 'renderer/src'];
const sourcePairs = CODE_DIRS.flatMap(sourceFiles)
  .filter((f) => !f.startsWith('renderer/src/i18n/'))
  .flatMap(codePairs);
const allPairs = [...uiPairs, ...resourcePairs, ...sourcePairs];

describe('zh-CN and English texts', () => {
  it('finds the texts it checks', () => {
    expect(UI_ZH.size).toBeGreaterThan(500);
    expect(resourcePairs.length).toBeGreaterThan(100);
    // Desk catalogues (kernel and features) and the server CLI's table.
    const files = new Set(sourcePairs.map((p) => p.where.replace(/:\d+$/, '')));
    expect(files).toContain('electron/desk/kernel/messages.ts');
    expect(files).toContain('electron/desk/features/cases/messages.ts');
    expect(files).toContain('server/cliMessages.ts');
  });

  it('the interface has every key in both languages', () => {
    expect([...UI_EN.keys()].filter((k) => !UI_ZH.has(k))).toEqual([]);
    expect([...UI_ZH.keys()].filter((k) => !UI_EN.has(k))).toEqual([]);
  });

  it('each pair has the same variables in both languages', () => {
    const odd = allPairs
      .filter((p) => variables(p.zh).join() !== variables(p.en).join())
      .map((p) => `${p.where}: ${variables(p.zh).join()} / ${variables(p.en).join()}`);
    expect(odd).toEqual([]);
  });

  it('no English text is empty', () => {
    expect(allPairs.filter((p) => p.en.trim() === '' && p.zh.trim() !== '').map((p) => p.where)).toEqual([]);
  });

  it('no English text has full-width punctuation', () => {
    const odd = allPairs.filter((p) => FULL_WIDTH.test(p.en)).map((p) => `${p.where}: ${p.en}`);
    expect(odd).toEqual([]);
  });

  it('no zh-CN label has a half-width colon', () => {
    const odd = allPairs
      .map((p) => ({ p, hit: halfWidthLabelColon(p.zh) }))
      .filter((x) => x.hit !== null)
      .map((x) => `${x.p.where}: …${x.hit ?? ''}…`);
    expect(odd).toEqual([]);
  });

  it('the colon check tells labels from times, URLs and placeholders', () => {
    expect(halfWidthLabelColon('客户:')).not.toBeNull();
    expect(halfWidthLabelColon('客户: 张三')).not.toBeNull();
    expect(halfWidthLabelColon('原因:客户不满')).not.toBeNull();
    expect(halfWidthLabelColon('17:00 下班')).toBeNull();
    expect(halfWidthLabelColon('地址 https://hq.example:8780/ 无法连接')).toBeNull();
    expect(halfWidthLabelColon('客户：{{name}}')).toBeNull();
    expect(halfWidthLabelColon('{{a}}:{{b}}')).toBeNull();
  });

  it('zh-CN puts a space between Chinese and Latin letters or digits in the interface', () => {
    // House style: "请填写 PIN 码", "第 6 步".
    const odd = [...UI_ZH]
      .filter(([, v]) =>
        /[\u3400-\u9fff][A-Za-z0-9]|[A-Za-z0-9][\u3400-\u9fff]/u.test(v.replace(/\{\{[^}]*\}\}/g, ' ')),
      )
      .map(([k, v]) => `${k}: ${v}`);
    expect(odd).toEqual([]);
  });
});

describe('wording defects from the walkthrough (issue 10)', () => {
  const script = JSON.parse(readFileSync(path.join(ROOT, 'resources/script/default.json'), 'utf8')) as {
    steps: { fields: { key: string; label: { en: string } }[] }[];
  };

  it("the customer's telling of the complaint is not called an account in English (bank accounts)", () => {
    const scriptLabels = script.steps.flatMap((s) => s.fields).filter((f) => f.key === 'account');
    expect(scriptLabels.length).toBeGreaterThan(0);
    for (const text of [en.intake.account, en.handling.account, ...scriptLabels.map((f) => f.label.en)]) {
      expect(text).not.toMatch(/account/i);
      expect(text).toMatch(/customer's words/);
    }
  });

  it('zh-CN numbers steps in digits, as "第 6 步", never "第六步"', () => {
    const odd = allPairs
      .filter((p) => /第[一二三四五六七八九十]+步/u.test(p.zh))
      .map((p) => `${p.where}: ${p.zh}`);
    expect(odd).toEqual([]);
  });

  it('a field name placed straight after Chinese text gets the gap format ("请填写 PIN 码")', () => {
    const odd = [...UI_ZH]
      .filter(([, v]) => /[\u3400-\u9fff]\{\{\s*field\s*\}\}/u.test(v))
      .map(([k, v]) => `${k}: ${v}`);
    expect(odd).toEqual([]);
    expect(`请填写${leadingGap('PIN 码')}`).toBe('请填写 PIN 码');
    expect(`请填写${leadingGap('登录名')}`).toBe('请填写登录名');
  });
});
