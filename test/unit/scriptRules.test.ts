/**
 * shared/domain/scriptRules: option lists, per-step capture checks (both
 * locales), forbidden words, labels and resource cross-checks.
 */
import { describe, expect, it } from 'vitest';
import { loadScriptResources } from '../../electron/desk/features/cases/scriptLoad';
import { LIMITS } from '../../shared/domain/kernel/limits';
import { type FieldValue } from '../../shared/domain/cases/payloads';
import { type Locale, localize } from '../../shared/domain/kernel/locale';
import type { ScriptField, ScriptStep, Taxonomy } from '../../shared/domain/cases/script';
import {
  categoryLabel,
  categoryPathLabel,
  crossCheckResources,
  customerFacingFields,
  findForbiddenWords,
  flattenCategories,
  optionsFor,
  stepTitle,
  validateStepFields,
} from '../../shared/domain/cases/scriptRules';

const { script, taxonomy } = loadScriptResources();
const step = (n: number): ScriptStep => {
  const s = script.steps[n - 1];
  if (!s) throw new Error(`no step ${n}`);
  return s;
};
const field = (n: number, key: string): ScriptField => {
  const f = step(n).fields.find((x) => x.key === key);
  if (!f) throw new Error(`no field ${key} in step ${n}`);
  return f;
};

/** A complete, correct capture for every step. */
const GOOD: Record<number, Record<string, FieldValue>> = {
  1: { apologyGiven: true, customerMood: 'angry' },
  2: {
    account: '客户称上月账单多扣了 7 元短信包月费，本人从未订购。',
    factsWhat: '短信包月费被扣',
    factsWhen: '2026 年 10 月账单',
    factsWhere: null,
    factsWho: '',
    demand: '退还费用并书面道歉',
    recordConfirmed: true,
  },
  3: { complainantType: 'problem_solving', impact: 'financial_loss', soothingNote: '先请客户坐下喝水' },
  4: {
    resolvability: 'short_term',
    proposal: '核实订购记录后退还费用，并给予话费补偿。',
    promisedAt: '2026-11-23T17:00:00+08:00',
    customerAnswer: 'accept',
  },
  5: {
    actions: '已提交计费部门核查订购记录',
    actionOwner: '王芳',
    actionDueAt: '2026-11-23T09:00:00Z',
    handoffDepartment: '计费部',
    escalated: false,
  },
  6: {
    contactAttempts: 2,
    resultTold: true,
    thanked: true,
    satisfaction: 'satisfied',
    summary: '订购记录齐全时，先展示记录再谈补偿，客户更容易接受。',
  },
};

const LOCALES: Locale[] = ['zh-CN', 'en'];
const check = (n: number, patch: Record<string, FieldValue | undefined>, locale: Locale = 'zh-CN') => {
  const fields: Record<string, FieldValue> = { ...GOOD[n] };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete fields[k];
    else fields[k] = v;
  }
  return validateStepFields(step(n), fields, taxonomy, locale);
};

describe('validateStepFields', () => {
  it.each(LOCALES)('accepts a good capture of every step (%s)', (locale) => {
    for (let n = 1; n <= 6; n++) expect(check(n, {}, locale), `step ${n}`).toEqual({});
  });

  it('optional fields may be absent, null or blank', () => {
    expect(check(2, { factsWhere: undefined, factsWho: undefined })).toEqual({});
    expect(check(3, { soothingNote: null })).toEqual({});
    expect(check(4, { limitsExplained: '  ' })).toEqual({});
    expect(check(5, { handoffDepartment: undefined, escalated: undefined, escalationCause: null })).toEqual(
      {},
    );
    expect(check(5, { escalated: true, escalationCause: 'policy' })).toEqual({});
    expect(check(6, { thanked: false })).toEqual({});
  });

  it('must-tick boxes: missing, false or null all ask to tick', () => {
    for (const v of [undefined, false, null]) {
      expect(check(1, { apologyGiven: v }, 'zh-CN')).toEqual({ apologyGiven: '请先勾选“已致歉”' });
      expect(check(1, { apologyGiven: v }, 'en')).toEqual({ apologyGiven: 'Tick "Apology given" first' });
    }
    expect(Object.keys(check(2, { recordConfirmed: false }))).toEqual(['recordConfirmed']);
    expect(Object.keys(check(6, { resultTold: undefined }))).toEqual(['resultTold']);
  });

  it('required fields missing or blank', () => {
    expect(check(2, { factsWhat: '   ', factsWhen: undefined })).toEqual({
      factsWhat: '请填写“发生了什么”',
      factsWhen: '请填写“发生时间”',
    });
    expect(check(2, { demand: '' }, 'en')).toEqual({ demand: 'Fill in "Customer\'s demand"' });
    expect(check(1, { customerMood: undefined }, 'en')).toEqual({
      customerMood: 'Choose an option for "Customer\'s mood"',
    });
    expect(check(4, { promisedAt: null })).toEqual({ promisedAt: '请选择“承诺时间”的日期和时间' });
    expect(Object.keys(check(6, { contactAttempts: undefined, summary: ' ' }))).toEqual([
      'contactAttempts',
      'summary',
    ]);
  });

  it('reports every problem at once', () => {
    const problems = validateStepFields(step(4), {}, taxonomy, 'en');
    expect(Object.keys(problems).sort()).toEqual([
      'customerAnswer',
      'promisedAt',
      'proposal',
      'resolvability',
    ]);
  });

  it('unknown field keys', () => {
    expect(check(1, { bogus: 'x' }, 'zh-CN')).toEqual({
      bogus: '这一步没有“bogus”这一项，请刷新页面后重新填写',
    });
    expect(check(1, { demand: 'x' }, 'en')).toEqual({
      demand: 'This step has no field "demand"; reload the page and fill the step in again',
    });
  });

  it('wrong type per kind', () => {
    expect(check(1, { apologyGiven: 'yes' }, 'en')).toEqual({
      apologyGiven: '"Apology given" can only be ticked or left unticked',
    });
    expect(check(5, { escalated: 1 })).toEqual({ escalated: '“已升级”只能勾选或不勾选' });
    expect(check(6, { contactAttempts: '3' }, 'en')).toEqual({
      contactAttempts: 'Enter a number for "Contact attempts"',
    });
    expect(check(6, { contactAttempts: Number.NaN })).toEqual({ contactAttempts: '“联系次数”请填写数字' });
    expect(check(2, { factsWhat: 5 })).toEqual({ factsWhat: '“发生了什么”请填写文字' });
    expect(check(2, { account: true }, 'en')).toEqual({
      account: 'Enter text for "Complaint in the customer\'s words"',
    });
    expect(check(4, { customerAnswer: true }, 'en')).toEqual({
      customerAnswer: 'Choose an option for "Customer\'s answer"',
    });
    expect(check(4, { promisedAt: 1795341600000 })).toEqual({
      promisedAt: expect.stringContaining('不是有效的日期时间'),
    });
  });

  it('choice values must be among the options (inline and from the taxonomy)', () => {
    expect(check(1, { customerMood: 'furious' }, 'zh-CN')).toEqual({
      customerMood: '“客户情绪”没有“furious”这个选项，请从列表中选择',
    });
    expect(check(3, { complainantType: 'vip' }, 'en')).toEqual({
      complainantType: '"vip" is not one of the choices for "Complainant type"; pick one from the list',
    });
    for (const t of taxonomy.complainantTypes) expect(check(3, { complainantType: t.value })).toEqual({});
    expect(Object.keys(check(5, { escalationCause: 'people' }))).toEqual(['escalationCause']);
    // Option labels are not values.
    expect(Object.keys(check(4, { customerAnswer: '接受' }))).toEqual(['customerAnswer']);
  });

  it('datetimes must be ISO-8601 instants with an offset', () => {
    for (const ok of ['2026-11-23T17:00:00+08:00', '2026-11-23T09:00:00Z', '2026-11-23T09:00:00.123Z']) {
      expect(check(4, { promisedAt: ok })).toEqual({});
    }
    for (const bad of [
      'tomorrow',
      '2026-11-23',
      '2026-11-23T17:00:00',
      '2026-02-30T10:00:00Z',
      '2026-11-23 17:00',
    ]) {
      expect(check(4, { promisedAt: bad }, 'en'), bad).toEqual({
        promisedAt: '"Promised by" is not a valid date and time; pick it again with the date picker',
      });
    }
    expect(Object.keys(check(5, { actionDueAt: '25:00' }))).toEqual(['actionDueAt']);
  });

  it('text length limits: shortText for text, longText for longtext, maxLength when set', () => {
    expect(check(2, { factsWhat: 'x'.repeat(LIMITS.shortText) })).toEqual({});
    expect(check(2, { factsWhat: '字'.repeat(LIMITS.shortText + 1) })).toEqual({
      factsWhat: `“发生了什么”最多 ${LIMITS.shortText} 个字，现在是 ${LIMITS.shortText + 1} 个字，请精简`,
    });
    expect(check(2, { account: 'x'.repeat(LIMITS.longText) })).toEqual({});
    expect(check(2, { account: 'x'.repeat(LIMITS.longText + 1) }, 'en')).toEqual({
      account: `"Complaint in the customer's words" can be at most ${LIMITS.longText} characters (now ${LIMITS.longText + 1}); please shorten it`,
    });
    // A too-long optional text is still refused.
    expect(Object.keys(check(3, { soothingNote: 'x'.repeat(LIMITS.shortText + 1) }))).toEqual([
      'soothingNote',
    ]);

    const custom: ScriptStep = {
      ...step(3),
      fields: [
        {
          key: 'note',
          kind: 'longtext',
          label: { 'zh-CN': '备注', en: 'Note' },
          required: false,
          maxLength: 10,
        },
      ],
    };
    expect(validateStepFields(custom, { note: 'x'.repeat(10) }, taxonomy, 'en')).toEqual({});
    expect(Object.keys(validateStepFields(custom, { note: 'x'.repeat(11) }, taxonomy, 'en'))).toEqual([
      'note',
    ]);
  });

  it('messages differ by locale and never leak raw keys for known fields', () => {
    const zh = check(
      4,
      { resolvability: undefined, proposal: 3, promisedAt: 'x', customerAnswer: 'maybe' },
      'zh-CN',
    );
    const en = check(
      4,
      { resolvability: undefined, proposal: 3, promisedAt: 'x', customerAnswer: 'maybe' },
      'en',
    );
    expect(Object.keys(zh)).toEqual(Object.keys(en));
    expect(Object.keys(zh)).toHaveLength(4);
    for (const k of Object.keys(zh)) {
      expect(zh[k]).not.toBe(en[k]);
      expect(zh[k]).toMatch(/[\u4e00-\u9fff]/);
      expect(en[k]).not.toMatch(/[\u4e00-\u9fff]/);
      expect(zh[k]).not.toContain(k);
    }
  });
});

describe('findForbiddenWords', () => {
  it('finds 赔偿 and suggests 补偿', () => {
    const found = findForbiddenWords('我们会按规定给您赔偿。', script);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ word: '赔偿', suggest: '补偿' });
    expect(localize(found[0]!.message, 'en')).toContain('goodwill compensation');
  });

  it('reports each word once however often it occurs', () => {
    expect(findForbiddenWords('赔偿?赔偿!', script)).toHaveLength(1);
  });

  it('does not flag 补偿 or empty text', () => {
    expect(findForbiddenWords('我们可以给您一些补偿。', script)).toEqual([]);
    expect(findForbiddenWords('', script)).toEqual([]);
  });

  it('customer-facing fields are the ones to check', () => {
    expect(customerFacingFields(step(4)).map((f) => f.key)).toEqual(['proposal', 'limitsExplained']);
    expect(customerFacingFields(step(1))).toEqual([]);
  });

  it('step 6 has a customer-facing text (what the customer was told), optional, beside the resultTold box', () => {
    // Issue 12 / review #2: 赔偿 is warned on every customer-facing text; step 6 had only a box.
    expect(customerFacingFields(step(6)).map((f) => f.key)).toEqual(['resultText']);
    expect(step(6).fields.find((f) => f.key === 'resultText')).toMatchObject({
      kind: 'longtext',
      required: false,
    });
    expect(step(6).fields.find((f) => f.key === 'resultTold')).toMatchObject({
      kind: 'boolean',
      mustBeTrue: true,
    });
  });
});

describe('options and labels', () => {
  it('optionsFor returns inline options or the named taxonomy list', () => {
    expect(optionsFor(field(1, 'customerMood'), taxonomy).map((o) => o.value)).toEqual([
      'calm',
      'anxious',
      'angry',
      'very_angry',
    ]);
    expect(optionsFor(field(3, 'complainantType'), taxonomy)).toEqual(taxonomy.complainantTypes);
    const sev: ScriptField = {
      key: 'sev',
      kind: 'choice',
      label: { 'zh-CN': '级别', en: 'Severity' },
      required: true,
      optionsFrom: 'severities',
    };
    expect(optionsFor(sev, taxonomy)).toEqual(
      taxonomy.severities.map((s) => ({ value: s.value, label: s.label })),
    );
    expect(optionsFor(field(2, 'account'), taxonomy)).toEqual([]);
  });

  it('localize and stepTitle', () => {
    expect(localize({ 'zh-CN': '你好', en: 'Hello' }, 'en')).toBe('Hello');
    expect(localize({ 'zh-CN': '你好', en: 'Hello' }, 'zh-CN')).toBe('你好');
    expect(stepTitle(script, 1, 'zh-CN')).toBe('致歉为先');
    expect(stepTitle(script, 6, 'en')).toBe('Follow up');
    expect(stepTitle(script, 7, 'en')).toBe('Step 7');
    expect(stepTitle(script, 7, 'zh-CN')).toBe('第 7 步');
  });

  it('categoryLabel finds nodes anywhere in the tree', () => {
    expect(categoryLabel(taxonomy, 'insurance', 'zh-CN')).toBe('保险');
    expect(categoryLabel(taxonomy, 'insurance.claims_counter', 'zh-CN')).toBe('理赔柜面');
    expect(categoryLabel(taxonomy, 'telecom.value_added', 'en')).toBe('Value-added subscriptions');
    expect(categoryLabel(taxonomy, 'no.such', 'en')).toBe('no.such');
    expect(categoryPathLabel(taxonomy, 'repair.parts', 'zh-CN')).toBe('维修 / 配件');
    expect(categoryPathLabel(taxonomy, 'other', 'en')).toBe('Other');
  });

  it('flattenCategories lists every node depth-first with its parent', () => {
    const flat = flattenCategories(taxonomy);
    const count = (nodes: Taxonomy['categories']): number =>
      nodes.reduce((n, c) => n + 1 + count(c.children ?? []), 0);
    expect(flat).toHaveLength(count(taxonomy.categories));
    expect(new Set(flat.map((c) => c.value)).size).toBe(flat.length);
    expect(flat[0]).toMatchObject({
      value: 'insurance',
      depth: 0,
      parent: null,
      leaf: false,
      path: ['insurance'],
    });
    expect(flat[1]).toMatchObject({
      value: 'insurance.survey_loss',
      depth: 1,
      parent: 'insurance',
      leaf: true,
      path: ['insurance', 'insurance.survey_loss'],
    });
  });
});

describe('crossCheckResources', () => {
  it('passes the shipped resources', () => {
    expect(crossCheckResources(script, taxonomy)).toEqual([]);
  });

  it('flags an optionsFrom list that is empty', () => {
    const bare = { ...taxonomy, complainantTypes: [] } as Taxonomy;
    expect(crossCheckResources(script, bare)).toEqual([
      {
        resource: 'script',
        path: ['steps', 2, 'fields', 0, 'optionsFrom'],
        message: 'taxonomy list "complainantTypes" is missing or empty',
      },
    ]);
  });

  it('flags duplicate option and taxonomy values', () => {
    const t: Taxonomy = { ...taxonomy, natures: [...taxonomy.natures, taxonomy.natures[0]!] };
    const issues = crossCheckResources(script, t);
    expect(issues).toEqual([
      {
        resource: 'taxonomy',
        path: ['natures', taxonomy.natures.length, 'value'],
        message: 'duplicate value "valid"',
      },
    ]);
  });
});
