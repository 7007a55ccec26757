/**
 * The shipped handling script and taxonomy load and validate; broken variants
 * fail with a ScriptLoadError that names the file and the path of the problem.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  loadScriptResources,
  locateJsonError,
  ScriptLoadError,
} from '../../electron/desk/features/cases/scriptLoad';
import { HandlingScript, Taxonomy } from '../../shared/domain/cases/script';

const RESOURCES = fileURLToPath(new URL('../../resources', import.meta.url));
const SCRIPT_JSON = readFileSync(path.join(RESOURCES, 'script', 'default.json'), 'utf8');
const TAXONOMY_JSON = readFileSync(path.join(RESOURCES, 'taxonomy', 'default.json'), 'utf8');

/** Fresh, writable copies of the shipped files to break in tests. */
const freshScript = (): HandlingScript => JSON.parse(SCRIPT_JSON) as HandlingScript;
const freshTaxonomy = (): Taxonomy => JSON.parse(TAXONOMY_JSON) as Taxonomy;
/** View an object as loose JSON, to break it in ways its type does not allow. */
const raw = (o: object): Record<string, unknown> => o as Record<string, unknown>;

let dir: string;

function writeResources(script: object | string, taxonomy: object | string = freshTaxonomy()): string {
  mkdirSync(path.join(dir, 'script'), { recursive: true });
  mkdirSync(path.join(dir, 'taxonomy'), { recursive: true });
  const text = (v: object | string) => (typeof v === 'string' ? v : JSON.stringify(v, null, 2));
  writeFileSync(path.join(dir, 'script', 'default.json'), text(script));
  writeFileSync(path.join(dir, 'taxonomy', 'default.json'), text(taxonomy));
  return dir;
}

/** Load from `dir` and return the ScriptLoadError it must throw. */
function loadError(resourcesDir = dir): ScriptLoadError {
  try {
    loadScriptResources(resourcesDir);
  } catch (e) {
    expect(e).toBeInstanceOf(ScriptLoadError);
    return e as ScriptLoadError;
  }
  throw new Error('expected loadScriptResources to throw');
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'loopdesk-script-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  delete process.env.LOOPDESK_RESOURCES;
});

describe('shipped resources', () => {
  it('load from the default folder and validate', () => {
    const { script, taxonomy } = loadScriptResources();
    expect(script.id).toBe('default');
    expect(script.version).toBe('1.0');
    expect(taxonomy.version).toBe('1.0');
    expect(HandlingScript.safeParse(JSON.parse(SCRIPT_JSON)).success).toBe(true);
    expect(Taxonomy.safeParse(JSON.parse(TAXONOMY_JSON)).success).toBe(true);
  });

  it('load from an explicit folder', () => {
    expect(loadScriptResources(RESOURCES).script.steps).toHaveLength(6);
  });

  it('has the six steps in order, each with phrasing, taboos and the agreed fields', () => {
    const { script } = loadScriptResources(RESOURCES);
    expect(script.steps.map((s) => s.key)).toEqual([
      'apologise',
      'listen',
      'empathise',
      'propose',
      'act',
      'follow_up',
    ]);
    for (const s of script.steps) {
      expect(s.phrasing.length).toBeGreaterThanOrEqual(2);
      expect(s.phrasing.length).toBeLessThanOrEqual(4);
      expect(s.taboos.length).toBeGreaterThan(0);
    }
    const fields = (n: number) =>
      Object.fromEntries(script.steps[n - 1]!.fields.map((f) => [f.key, f] as const));

    const s1 = fields(1);
    expect(s1.apologyGiven).toMatchObject({ kind: 'boolean', required: true, mustBeTrue: true });
    expect(s1.customerMood?.options?.map((o) => o.value)).toEqual(['calm', 'anxious', 'angry', 'very_angry']);

    const s2 = fields(2);
    expect(Object.keys(s2)).toEqual([
      'account',
      'factsWhat',
      'factsWhen',
      'factsWhere',
      'factsWho',
      'demand',
      'recordConfirmed',
    ]);
    expect(s2.factsWhat?.required && s2.factsWhen?.required).toBe(true);
    expect(s2.recordConfirmed).toMatchObject({ kind: 'boolean', mustBeTrue: true });

    const s3 = fields(3);
    expect(s3.complainantType).toMatchObject({ kind: 'choice', optionsFrom: 'complainantTypes' });
    expect(s3.impact?.options?.map((o) => o.value)).toEqual([
      'venting',
      'inconvenience',
      'financial_loss',
      'safety',
    ]);
    expect(s3.soothingNote?.required).toBe(false);

    const s4 = fields(4);
    expect(s4.resolvability?.options?.map((o) => o.value)).toEqual(['now', 'short_term', 'not_now']);
    expect(s4.proposal).toMatchObject({ kind: 'longtext', customerFacing: true, required: true });
    expect(s4.promisedAt).toMatchObject({ kind: 'datetime', required: true });
    expect(s4.customerAnswer?.options?.map((o) => o.value)).toEqual(['accept', 'reject', 'counter_offer']);
    expect(s4.limitsExplained).toMatchObject({ kind: 'text', required: false, customerFacing: true });

    const s5 = fields(5);
    expect(Object.keys(s5)).toEqual([
      'actions',
      'actionOwner',
      'actionDueAt',
      'handoffDepartment',
      'escalated',
      'escalationCause',
    ]);
    expect(s5.escalationCause?.options?.map((o) => o.value)).toEqual(['process', 'skill', 'policy']);

    const s6 = fields(6);
    expect(s6.contactAttempts).toMatchObject({ kind: 'number', required: true });
    expect(s6.resultTold).toMatchObject({ kind: 'boolean', mustBeTrue: true });
    expect(s6.satisfaction?.options).toHaveLength(5);
    expect(s6.summary).toMatchObject({ kind: 'longtext', required: true });

    expect(script.forbiddenWords).toEqual([expect.objectContaining({ word: '赔偿', suggest: '补偿' })]);
  });

  it('has the agreed taxonomy lists and severity deadlines', () => {
    const { taxonomy } = loadScriptResources(RESOURCES);
    expect(taxonomy.channels.map((c) => c.value)).toEqual([
      'walk_in',
      'phone',
      'callback',
      'letter',
      'online',
      'social_media',
      'regulator',
    ]);
    expect(Object.fromEntries(taxonomy.severities.map((s) => [s.value, s.dueHours]))).toEqual({
      urgent: 2,
      general: 8,
      special: 72,
      major: 8,
    });
    expect(taxonomy.complainantTypes.map((c) => c.value)).toEqual([
      'problem_solving',
      'emotional_venting',
      'rational_fault_finding',
      'malicious_claim',
    ]);
    expect(taxonomy.natures.map((c) => c.value)).toEqual([
      'valid',
      'to_improve',
      'invalid',
      'help_seeking',
      'consulting',
      'venting',
    ]);
    expect(taxonomy.categories.map((c) => c.value)).toEqual(
      expect.arrayContaining(['insurance', 'banking', 'telecom', 'property', 'repair']),
    );
  });

  it('never uses the forbidden word in its own customer-facing phrasing', () => {
    const { script } = loadScriptResources(RESOURCES);
    for (const s of script.steps) {
      for (const p of s.phrasing) expect(p['zh-CN']).not.toContain('赔偿');
    }
  });
});

describe('broken resources fail with the file and the path', () => {
  it('a copy of the shipped files loads from a temporary folder', () => {
    writeResources(freshScript());
    expect(loadScriptResources(dir).script.steps).toHaveLength(6);
  });

  it('missing step', () => {
    const s = freshScript();
    s.steps.splice(2, 1);
    writeResources(s);
    expect(loadError().message).toMatch(/script\/default\.json: steps: .*6/);
  });

  it('steps in the wrong order', () => {
    const s = freshScript();
    [s.steps[1], s.steps[2]] = [s.steps[2]!, s.steps[1]!];
    writeResources(s);
    const e = loadError();
    expect(e.message).toContain('script/default.json: steps[1].step: step 2 expected here, found 3');
    expect(e.message).toContain('script/default.json: steps[2].step: step 3 expected here, found 2');
    expect(e.issues).toHaveLength(2);
  });

  it('duplicate field key within a step', () => {
    const s = freshScript();
    s.steps[0]!.fields.push({ ...s.steps[0]!.fields[0]! });
    writeResources(s);
    expect(loadError().message).toContain(
      'script/default.json: steps[0].fields[2].key: duplicate field key "apologyGiven"',
    );
  });

  it('duplicate field key across steps', () => {
    const s = freshScript();
    s.steps[5]!.fields[4]!.key = 'demand';
    writeResources(s);
    expect(loadError().message).toContain(
      'script/default.json: steps[5].fields[4].key: field key "demand" is already used by steps[1].fields[5]',
    );
  });

  it('choice field without options', () => {
    const s = freshScript();
    delete s.steps[0]!.fields[1]!.options;
    writeResources(s);
    expect(loadError().message).toContain(
      'script/default.json: steps[0].fields[1]: a choice field needs options or optionsFrom',
    );
  });

  it('unknown field kind', () => {
    const s = freshScript();
    raw(s.steps[2]!.fields[0]!).kind = 'dropdown';
    writeResources(s);
    expect(loadError().message).toMatch(
      /script\/default\.json: steps\[2\]\.fields\[0\]\.kind: Invalid option/,
    );
  });

  it('missing zh-CN text', () => {
    const s = freshScript();
    delete raw(s.steps[3]!.title)['zh-CN'];
    writeResources(s);
    expect(loadError().message).toContain('script/default.json: steps[3].title.zh-CN:');
  });

  it('empty English phrasing', () => {
    const s = freshScript();
    s.steps[4]!.phrasing[1]!.en = '';
    writeResources(s);
    expect(loadError().message).toContain('script/default.json: steps[4].phrasing[1].en:');
  });

  it('bad JSON names line, column and position', () => {
    const text = SCRIPT_JSON.replace('"version": "1.0",', '"version": "1.0",,');
    writeResources(text);
    const e = loadError();
    const pos = text.indexOf(',,') + 1;
    const line = text.slice(0, pos).split('\n').length;
    expect(e.message).toContain(`script/default.json: invalid JSON at line ${line}, column`);
    expect(e.message).toContain(`(position ${pos})`);
    expect(e.message.length).toBeLessThan(400); // never quotes the whole file back
  });

  it('a byte-order mark is tolerated', () => {
    writeResources(`\uFEFF${SCRIPT_JSON}`);
    expect(loadScriptResources(dir).script.id).toBe('default');
  });

  it('missing file', () => {
    writeResources(freshScript());
    rmSync(path.join(dir, 'taxonomy', 'default.json'));
    const e = loadError();
    expect(e.message).toContain('taxonomy/default.json: cannot read the file (file not found)');
    expect(e.file).toContain('taxonomy/default.json');
  });

  it('taxonomy schema errors name the taxonomy file', () => {
    const t = freshTaxonomy();
    t.severities[1]!.dueHours = -1;
    t.channels = [];
    writeResources(freshScript(), t);
    const e = loadError();
    expect(e.message).toContain('taxonomy/default.json: severities[1].dueHours:');
    expect(e.message).toContain('taxonomy/default.json: channels:');
  });

  it('duplicate category values anywhere in the tree', () => {
    const t = freshTaxonomy();
    t.categories[1]!.children![0]!.value = 'insurance.underwriting';
    writeResources(freshScript(), t);
    expect(loadError().message).toContain(
      'taxonomy/default.json: categories[1].children[0].value: duplicate category value "insurance.underwriting"',
    );
  });

  it('problems in both files are reported together', () => {
    const s = freshScript();
    s.version = 'one';
    const t = freshTaxonomy();
    delete raw(t).natures;
    writeResources(s, t);
    const e = loadError();
    expect(e.message).toContain('script/default.json: version: version looks like 1.0 or 1.0.2');
    expect(e.message).toContain('taxonomy/default.json: natures:');
    expect(e.file).toContain('script/default.json');
  });

  it('LOOPDESK_RESOURCES overrides the default folder', () => {
    const s = freshScript();
    s.id = 'Not An Id';
    writeResources(s);
    process.env.LOOPDESK_RESOURCES = dir;
    const e = loadError(undefined);
    expect(e.message).toContain(`${dir.split(path.sep).join('/')}/script/default.json: id:`);
  });
});

describe('locateJsonError', () => {
  it('agrees with JSON.parse on what is valid', () => {
    for (const ok of ['{}', '[]', '{"a":[1,-2.5e3,true,false,null,"x\\u00e9\\n"]}', ' 0 ', '"s"']) {
      expect(() => JSON.parse(ok)).not.toThrow();
      expect(locateJsonError(ok)).toBeNull();
    }
  });

  it.each([
    ['{"a":1,}', 7],
    ['{"a" 1}', 5],
    ['{"a":1} x', 8],
    ['{"a":tru}', 5],
    ['', 0],
    ['[1,]', 3],
    ['{"a":[1 2]}', 8],
    ['{"a":"\\q"}', 6],
    ['{"a":01}', 6],
    ["{'a':1}", 1],
  ])('finds the error in %j at %i', (text, pos) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(locateJsonError(text)?.pos).toBe(pos);
  });
});
