/**
 * Prefills and attestations are script data (issue 10, decision 0025): the
 * shipped script carries them, a bad one stops the desk at load with the
 * path of the problem, and resolving them reads the case, the clerk and the
 * recorded steps.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadScriptResources, ScriptLoadError } from '../../electron/desk/features/cases/scriptLoad';
import type { HandlingScript, ScriptField } from '../../shared/domain/cases/script';
import { resolvePrefill } from '../../shared/domain/cases/scriptPrefill';

const RESOURCES = fileURLToPath(new URL('../../resources', import.meta.url));
const SCRIPT_JSON = readFileSync(path.join(RESOURCES, 'script', 'default.json'), 'utf8');
const TAXONOMY_JSON = readFileSync(path.join(RESOURCES, 'taxonomy', 'default.json'), 'utf8');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'loopdesk-prefill-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

type LooseField = Record<string, unknown>;

/** Loads the shipped script with `edit` applied to field `key` of step `step`; the error, or null. */
function loadWith(step: number, key: string, edit: (f: LooseField) => void): ScriptLoadError | null {
  const script = JSON.parse(SCRIPT_JSON) as { steps: { step: number; fields: LooseField[] }[] };
  const field = script.steps.find((s) => s.step === step)?.fields.find((f) => f.key === key);
  if (!field) throw new Error(`no field ${key} at step ${step}`);
  edit(field);
  mkdirSync(path.join(dir, 'script'), { recursive: true });
  mkdirSync(path.join(dir, 'taxonomy'), { recursive: true });
  writeFileSync(path.join(dir, 'script', 'default.json'), JSON.stringify(script));
  writeFileSync(path.join(dir, 'taxonomy', 'default.json'), TAXONOMY_JSON);
  try {
    loadScriptResources(dir);
    return null;
  } catch (e) {
    if (e instanceof ScriptLoadError) return e;
    throw e;
  }
}

function fieldOf(script: HandlingScript, step: number, key: string): ScriptField {
  const f = script.steps.find((s) => s.step === step)?.fields.find((x) => x.key === key);
  if (!f) throw new Error(`no field ${key}`);
  return f;
}

describe('the shipped script', () => {
  it('prefills what the common path carries and attests every must-tick box', () => {
    const { script } = loadScriptResources(RESOURCES);
    expect(fieldOf(script, 2, 'account').prefill).toBe('intake.account');
    expect(fieldOf(script, 4, 'promisedAt').prefill).toBe('deadline.result');
    expect(fieldOf(script, 4, 'customerAnswer').prefill).toEqual({ value: 'accept' });
    expect(fieldOf(script, 5, 'actions').prefill).toBe('step.4.proposal');
    expect(fieldOf(script, 5, 'actionOwner').prefill).toBe('me.name');
    expect(fieldOf(script, 5, 'actionDueAt').prefill).toBe('step.4.promisedAt');
    const boxes = script.steps.flatMap((s) => s.fields.filter((f) => f.mustBeTrue));
    expect(boxes.map((f) => f.key)).toEqual(['apologyGiven', 'recordConfirmed', 'resultTold']);
    for (const f of boxes) expect(f.attest?.en).toMatch(/^I /);
  });
});

describe('a bad prefill is refused at load, naming the field', () => {
  it.each([
    [
      'an unknown source',
      2,
      'factsWhat',
      (f: LooseField) => (f.prefill = 'intake.mood'),
      'steps[1].fields[1].prefill',
    ],
    [
      'a source of the wrong kind',
      3,
      'impact',
      (f: LooseField) => (f.prefill = 'deadline.result'),
      'can only fill',
    ],
    ['a later step', 4, 'proposal', (f: LooseField) => (f.prefill = 'step.5.actions'), 'earlier step'],
    ['a missing field', 5, 'actions', (f: LooseField) => (f.prefill = 'step.4.remedy'), 'no field "remedy"'],
    [
      'a choice that does not exist',
      4,
      'customerAnswer',
      (f: LooseField) => (f.prefill = { value: 'maybe' }),
      'not one of the choices',
    ],
    [
      'a preset attestation',
      1,
      'apologyGiven',
      (f: LooseField) => (f.prefill = { value: true }),
      'attested by the record action',
    ],
    [
      'a must-tick box without its attest text',
      6,
      'resultTold',
      (f: LooseField) => delete f.attest,
      'needs an attest text',
    ],
  ])('%s', (_what, step, key, edit, expected) => {
    const err = loadWith(step, key, edit);
    expect(err).toBeInstanceOf(ScriptLoadError);
    expect(err?.message).toContain('resources/script/default.json'.split('/').pop());
    expect(err?.message).toContain(expected);
  });

  it('and the shipped file as is loads (the edits above are what breaks it)', () => {
    expect(loadWith(2, 'account', () => undefined)).toBeNull();
  });
});

describe('resolvePrefill', () => {
  const { script } = loadScriptResources(RESOURCES);
  const ctx = {
    account: '手机每月被扣 7 元',
    resultDeadline: '2026-12-02T17:30:00+08:00',
    meName: '李主管',
    steps: { '4': { proposal: '退还 7 元', promisedAt: '2026-12-01T17:00:00+08:00' } },
  };
  it('reads the intake, the deadline, the clerk, earlier steps and constants', () => {
    expect(resolvePrefill(fieldOf(script, 2, 'account'), ctx)).toBe('手机每月被扣 7 元');
    expect(resolvePrefill(fieldOf(script, 4, 'promisedAt'), ctx)).toBe('2026-12-02T17:30:00+08:00');
    expect(resolvePrefill(fieldOf(script, 4, 'customerAnswer'), ctx)).toBe('accept');
    expect(resolvePrefill(fieldOf(script, 5, 'actions'), ctx)).toBe('退还 7 元');
    expect(resolvePrefill(fieldOf(script, 5, 'actionOwner'), ctx)).toBe('李主管');
    expect(resolvePrefill(fieldOf(script, 5, 'actionDueAt'), ctx)).toBe('2026-12-01T17:00:00+08:00');
  });
  it('leaves a field empty when the source is empty or the field has no prefill', () => {
    expect(
      resolvePrefill(fieldOf(script, 4, 'promisedAt'), { ...ctx, resultDeadline: null }),
    ).toBeUndefined();
    expect(resolvePrefill(fieldOf(script, 5, 'actions'), { ...ctx, steps: {} })).toBeUndefined();
    expect(resolvePrefill(fieldOf(script, 2, 'factsWhat'), ctx)).toBeUndefined();
    expect(resolvePrefill(fieldOf(script, 1, 'apologyGiven'), ctx)).toBeUndefined();
  });
});
