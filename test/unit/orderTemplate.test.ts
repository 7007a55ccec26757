/**
 * The order templates (shared/domain/orders/template.ts,
 * resources/repair/templates.json): the shipped file loads; a broken one is
 * refused with the path of every bad entry, so whoever edited it can fix it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  checkOrderTemplates,
  checklistFor,
  findKind,
  isSafetyItem,
  kindLabel,
  loadOrderTemplates,
  OrderTemplateError,
  tradeLabel,
  type OrderTemplates,
} from '../../shared/domain/orders/template';
import { shippedOrderTemplates, templatesForOrder } from '../../shared/domain/orders/shipped';

const FILE = fileURLToPath(new URL('../../resources/repair/templates.json', import.meta.url));
const raw = (): OrderTemplates => JSON.parse(readFileSync(FILE, 'utf8')) as OrderTemplates;

/** The problems `edit` causes in a fresh copy of the shipped templates, as `path: message` lines. */
function problems(edit: (t: OrderTemplates) => void): string[] {
  const t = raw();
  edit(t);
  try {
    loadOrderTemplates(t);
    return [];
  } catch (e) {
    if (!(e instanceof OrderTemplateError)) throw e;
    return e.message.split('\n');
  }
}

describe('order templates: the shipped file', () => {
  const t = loadOrderTemplates(raw());

  it('loads, with the three order kinds in both languages', () => {
    expect(path.basename(FILE)).toBe('templates.json');
    expect(t.kinds.map((k) => k.value)).toEqual(['car_maintenance', 'car_repair', 'device_repair']);
    expect(kindLabel(t, 'car_repair', 'zh-CN')).toBe('维修');
    expect(kindLabel(t, 'car_repair', 'en')).toBe('Repair');
    expect(tradeLabel(t, 'bodywork', 'zh-CN')).toBe('钣金');
    expect(tradeLabel(t, 'from_a_newer_template', 'en')).toBe('from_a_newer_template');
    expect(findKind(t, 'car_maintenance')?.readings.map((r) => r.key)).toEqual(['mileage', 'fuel']);
    expect(findKind(t, 'device_repair')?.subjectKind).toBe('device');
  });

  it('marks safety items by keyword (either language) or by catalogue entry, never the others', () => {
    expect(isSafetyItem(t, 'car_repair', { title: '前轮刹车片更换' })).toBe(true);
    expect(isSafetyItem(t, 'car_repair', { title: 'Front BRAKE discs' })).toBe(true);
    expect(isSafetyItem(t, 'car_repair', { title: '方向盘抖动' })).toBe(true);
    expect(isSafetyItem(t, 'car_repair', { title: '更换机油' })).toBe(false);
    expect(isSafetyItem(t, 'device_repair', { title: '换电池', catalogueKey: 'battery_replace' })).toBe(true);
    expect(isSafetyItem(t, 'device_repair', { title: '换屏', catalogueKey: 'screen' })).toBe(false);
  });

  it('asks the safety-only checklist lines on safety items alone', () => {
    const repair = findKind(t, 'car_repair');
    if (!repair) throw new Error('no car_repair');
    const plain = checklistFor(repair, 'process', false).map((l) => l.key);
    const safety = checklistFor(repair, 'process', true).map((l) => l.key);
    expect(plain).not.toContain('safety_function');
    expect(safety).toEqual([...plain, 'safety_function', 'substitution_recorded']);
    expect(checklistFor(repair, 'final', true)).toEqual(repair.checklists.final);
  });
});

describe('order templates: which file judges an order', () => {
  it("the shipped file for an order of the shipped version, else the desk's own", () => {
    const own = { ...raw(), version: '1.0.1' };
    const shipped = shippedOrderTemplates();
    expect(templatesForOrder(own, shipped.version)).toBe(shipped);
    expect(templatesForOrder(own, '1.0.1')).toBe(own);
    expect(templatesForOrder(own, '2.0')).toBe(own);
    expect(templatesForOrder(shipped, shipped.version)).toBe(shipped);
  });
});

describe('order templates: refused with the path of the bad entry', () => {
  it('a trade a kind names that does not exist', () => {
    expect(problems((t) => t.kinds[1]!.trades.push('paintt'))).toEqual([
      'kinds[1].trades[5]: unknown trade "paintt"',
    ]);
  });

  it('duplicate kinds, trades, reading keys, checklist keys and catalogue keys', () => {
    expect(
      problems((t) => {
        t.kinds.push({ ...t.kinds[0]! });
        t.trades.push({ ...t.trades[0]! });
        t.kinds[0]!.readings.push({ ...t.kinds[0]!.readings[0]! });
        t.kinds[1]!.checklists.final.push({ ...t.kinds[1]!.checklists.final[0]! });
        t.kinds[2]!.catalogue.push({ ...t.kinds[2]!.catalogue[0]! });
      }),
    ).toEqual(
      expect.arrayContaining([
        'trades[6].value: duplicate trade "mechanical" (also at [0])',
        'kinds[3].value: duplicate order kind "car_maintenance" (also at [0])',
        'kinds[0].readings[2].key: duplicate reading key "mileage" (also at [0])',
        'kinds[1].checklists.final[5].key: duplicate checklist key "items_complete" (also at [0])',
        'kinds[2].catalogue[3].key: duplicate catalogue key "screen" (also at [0])',
      ]),
    );
  });

  it('a label missing its English, or blank in one language', () => {
    expect(
      problems((t) => {
        delete (t.kinds[0]!.checklists.self[1]!.label as { en?: string }).en;
      }),
    ).toEqual(['kinds[0].checklists.self[1].label.en: Invalid input: expected string, received undefined']);
    expect(
      problems((t) => {
        t.safety[2]!.label['zh-CN'] = '  ';
      }),
    ).toEqual(['safety[2].label.zh-CN: the zh-CN text is blank']);
  });

  it('a control character anywhere, with where it is', () => {
    expect(
      problems((t) => {
        t.kinds[2]!.checklists.final[1]!.label.en = 'Function\u001btest';
      }),
    ).toEqual(['kinds[2].checklists.final[1].label.en: control character U+001B ESC at character 9']);
  });

  it('a catalogue entry with a trade its kind lacks, or naming a safety item without the flag', () => {
    expect(
      problems((t) => {
        t.kinds[0]!.catalogue[0]!.trade = 'paint';
        t.kinds[1]!.catalogue[4]!.label = { 'zh-CN': '喷漆并修复刹车灯', en: 'Respray' };
      }),
    ).toEqual([
      'kinds[0].catalogue[0].trade: trade "paint" is not one of this kind\'s trades',
      'kinds[1].catalogue[4].safety: the label names a safety item (brakes): set safety to true',
    ]);
  });

  it('a checklist with only safety-only lines, a bad key, a warranty out of range, an unknown field', () => {
    expect(
      problems((t) => {
        t.kinds[2]!.checklists.process = t.kinds[2]!.checklists.process.map((l) => ({
          ...l,
          safetyOnly: true,
        }));
      }),
    ).toEqual([
      'kinds[2].checklists.process: needs at least one line that is asked on every item (not safetyOnly)',
    ]);
    expect(
      problems((t) => {
        t.kinds[0]!.value = 'Car Maintenance';
        t.kinds[1]!.warrantyMonths = 240;
        (t as unknown as Record<string, unknown>).extra = 1;
      }),
    ).toEqual([
      'kinds[0].value: keys are lower-case ascii, like brake_pads',
      'kinds[1].warrantyMonths: Too big: expected number to be <=120',
      '(root): Unrecognized key: "extra"',
    ]);
  });

  it('checkOrderTemplates gives the issues as data, the path as its parts', () => {
    const t = raw();
    t.kinds[0]!.trades.push('welding');
    const r = checkOrderTemplates(t);
    expect(r).toEqual({
      ok: false,
      issues: [{ path: ['kinds', 0, 'trades', 3], message: 'unknown trade "welding"' }],
    });
  });
});
