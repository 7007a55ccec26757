/**
 * Issue 14 item 7: the rectification routes the dashboard and the case view
 * link to (renderer/src/stores/nav.ts): the list, one item, and the open
 * form prefilled by `#/rectification/new?<dim>=<value>`; each route's hash
 * reads back as the same route.
 */
import { describe, expect, it, vi } from 'vitest';

// The store reads the window's hash when it loads: a window with none.
vi.stubGlobal('window', { location: { hash: '' }, addEventListener: () => undefined });
const { hashOf, parseHash } = await import('../../renderer/src/stores/nav');

const ID = '0193a1b2-c3d4-7e5f-8a9b-0000000000e1';

describe('rectification routes', () => {
  it('parses the list, an item and a prefilled form', () => {
    expect(parseHash('#/rectification')).toEqual({ name: 'rectification' });
    expect(parseHash(`#/rectification/${ID}`)).toEqual({ name: 'rectification', id: ID });
    expect(parseHash('#/rectification/new?mainCategory=banking')).toEqual({
      name: 'rectification',
      prefill: { dim: 'mainCategory', value: 'banking' },
    });
    expect(parseHash('#/rectification/new?failurePoint=billing')).toEqual({
      name: 'rectification',
      prefill: { dim: 'failurePoint', value: 'billing' },
    });
    expect(parseHash('#/rectification/new')).toEqual({
      name: 'rectification',
      prefill: { dim: 'category', value: '' },
    });
    // Not an id: the case list, as for any unknown hash.
    expect(parseHash('#/rectification/nope')).toEqual({ name: 'list' });
  });

  it('writes each route as a hash that reads back the same', () => {
    for (const route of [
      { name: 'rectification' } as const,
      { name: 'rectification', id: ID } as const,
      { name: 'rectification', prefill: { dim: 'category', value: 'banking.fees' } } as const,
      { name: 'rectification', prefill: { dim: 'qualityGap', value: 'promise_mismatch' } } as const,
    ]) {
      expect(parseHash(hashOf(route))).toEqual(route);
    }
    expect(hashOf({ name: 'rectification', prefill: { dim: 'category', value: 'banking.fees' } })).toBe(
      '#/rectification/new?category=banking.fees',
    );
  });
});
