/**
 * The work-order forms' pure parts (issue 11, O5b): item rows to the
 * contract's items (yuan to fen, safety raised from the templates and never
 * lowered), the desk's field paths renamed to the form's, and the parts
 * reconciliation judged as the release gate judges it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { OrderDetail } from '../../shared/contract/methods/orders';
import { loadOrderTemplates } from '../../shared/domain/orders/template';
import {
  formFieldErrors,
  rowFen,
  rowsToItems,
  yuanToFen,
} from '../../renderer/src/features/orders/orderItems';
import { partsMatch, partsRowsKey, usedPartRows } from '../../renderer/src/features/orders/partsReconcile';

const templates = loadOrderTemplates(
  JSON.parse(readFileSync(new URL('../../resources/repair/templates.json', import.meta.url), 'utf8')),
);

describe('item rows to the contract', () => {
  it('turns yuan into whole fen without float drift', () => {
    expect(yuanToFen(0.1 + 0.2)).toBe(30);
    expect(yuanToFen(19.99)).toBe(1999);
    expect(yuanToFen(null)).toBe(0);
    expect(rowFen({ labour: 200, parts: [{ name: 'pads', qty: 2, unit: 175.5 }] })).toBe(55_100);
  });

  it('raises safety from the templates and never lowers it', () => {
    const items = rowsToItems(templates, 'car_repair', [
      { title: ' 更换前刹车片 ', trade: 'mechanical', safety: false, labour: 200, parts: [] },
      { title: '空调维修', catalogueKey: 'ac_repair', trade: 'electrical', safety: false, labour: 80 },
      { title: '座椅异响', trade: 'bodywork', safety: true, labour: 10 },
      { title: '大灯维修', catalogueKey: 'headlight', trade: 'electrical', safety: false },
    ]);
    expect(items.map((i) => [i.title, i.safety])).toEqual([
      ['更换前刹车片', true],
      ['空调维修', false],
      ['座椅异响', true],
      ['大灯维修', true],
    ]);
    expect(items[0]).toMatchObject({ labourFen: 20_000, parts: [] });
    expect(items[1]).toMatchObject({ catalogueKey: 'ac_repair', labourFen: 8_000 });
  });

  it('keeps only named parts, priced in fen', () => {
    const [item] = rowsToItems(templates, 'car_repair', [
      {
        title: '更换刹车片',
        trade: 'mechanical',
        parts: [
          { name: ' 刹车片 ', qty: 2, unit: 175.5 },
          { name: '', qty: 1, unit: 9 },
        ],
      },
    ]);
    expect(item?.parts).toEqual([{ name: '刹车片', qty: 2, unitFen: 17_550 }]);
  });

  it("puts the desk's field errors under the form's fields", () => {
    expect(
      formFieldErrors({
        'items.0.labourFen': 'a',
        'items.1.parts.0.unitFen': 'b',
        'items.2.catalogueKey': 'c',
        'subject.plate': 'd',
      }),
    ).toEqual({
      'items.0.labour': 'a',
      'items.1.parts.0.unit': 'b',
      'items.2.title': 'c',
      'subject.plate': 'd',
    });
  });
});

type Item = OrderDetail['items'][number];
const item = (itemId: string, parts: Item['parts'], status: Item['status'] = 'finished'): Item =>
  ({ itemId, title: itemId, parts, status }) as Item;
const order = (
  items: Item[],
  substitutions: { itemId: string; original: string; substitute: string }[] = [],
  used: { itemId: string; name: string; qty: number; unitFen: number }[] | null = null,
): OrderDetail =>
  ({
    items,
    substitutions,
    partsReconciled: used === null ? null : { used, matches: true, at: '' },
  }) as unknown as OrderDetail;

describe('parts reconciliation', () => {
  const pads = { name: 'pads', qty: 2, unitFen: 100 };

  it('keeps the rows (and what the clerk typed) through events that do not change them', () => {
    const o = order([item('a', [pads])]);
    // A desk check ticked, the order's time moved on: the same rows, so the list is not re-made.
    const later = {
      ...o,
      updatedAt: '2026-12-03T10:00:00Z',
      deskChecks: [{ check: 'vehicle_clean' }],
    } as unknown as OrderDetail;
    expect(partsRowsKey(later)).toBe(partsRowsKey(o));
    // A substitution approved, an item agreed: fresh rows.
    expect(
      partsRowsKey(order([item('a', [pads])], [{ itemId: 'a', original: 'pads', substitute: 'pads-b' }])),
    ).not.toBe(partsRowsKey(o));
    expect(partsRowsKey(order([item('a', [pads]), item('b', [pads], 'open')]))).not.toBe(partsRowsKey(o));
  });

  it('starts from the quoted quantities; refused and unanswered items are out', () => {
    const o = order([item('a', [pads]), item('b', [pads], 'refused'), item('c', [pads], 'waiting_consent')]);
    const rows = usedPartRows(o);
    expect(rows.map((r) => [r.itemId, r.name, r.approved, r.used])).toEqual([['a', 'pads', 2, 2]]);
    expect(partsMatch(o, rows)).toBe(true);
  });

  it('does not match with more than quoted, or a part neither quoted nor an approved substitute', () => {
    const o = order(
      [item('a', [pads])],
      [],
      [
        { itemId: 'a', name: 'pads', qty: 3, unitFen: 100 },
        { itemId: 'a', name: 'bolts', qty: 1, unitFen: 5 },
      ],
    );
    const rows = usedPartRows(o);
    expect(rows.map((r) => [r.name, r.approved, r.used])).toEqual([
      ['pads', 2, 3],
      ['bolts', 0, 1],
    ]);
    expect(partsMatch(o, rows)).toBe(false);
    expect(
      partsMatch(
        o,
        rows.map((r) => ({ ...r, used: r.name === 'pads' ? 2 : 0 })),
      ),
    ).toBe(true);
  });

  it('an approved substitute matches in any quantity', () => {
    const o = order([item('a', [pads])], [{ itemId: 'a', original: 'pads', substitute: 'pads-b' }]);
    const rows = usedPartRows(o).map((r) => (r.substitute ? { ...r, used: 2 } : { ...r, used: 0 }));
    expect(rows.map((r) => [r.name, r.substitute])).toEqual([
      ['pads', false],
      ['pads-b', true],
    ]);
    expect(partsMatch(o, rows)).toBe(true);
  });
});
