import { describe, expect, it } from 'vitest';
import { EventEnvelope } from '../../shared/domain/kernel/envelope';
import { isUuid, isUuidV7, newId, newIdAt, uuidV7Ms } from '../../shared/domain/kernel/ids';

describe('newId', () => {
  it('makes valid UUIDv7 strings', () => {
    const id = newId();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(isUuid(id)).toBe(true);
    expect(isUuidV7(id)).toBe(true);
    // the envelope contract accepts them
    expect(EventEnvelope.shape.id.safeParse(id).success).toBe(true);
  });

  it('is unique and strictly increasing over 10k ids from one process', () => {
    const ids = Array.from({ length: 10_000 }, () => newId());
    expect(new Set(ids).size).toBe(ids.length);
    for (let i = 1; i < ids.length; i++) {
      expect((ids[i] as string) > (ids[i - 1] as string)).toBe(true);
    }
  });

  it('carries the creation time, so ids sort by time across milliseconds', () => {
    const before = Date.now();
    const id = newId();
    const after = Date.now();
    expect(uuidV7Ms(id)).toBeGreaterThanOrEqual(before);
    expect(uuidV7Ms(id)).toBeLessThanOrEqual(after + 1);

    const times = [
      1_700_000_000_000, 1_700_000_000_001, 1_700_000_000_999, 1_763_791_200_000, 1_900_000_000_000,
    ];
    const ids = times.map((t) => newIdAt(t));
    const shuffled = [...ids].reverse();
    shuffled.sort();
    expect(shuffled).toEqual(ids);
    expect(ids.map(uuidV7Ms)).toEqual(times);
  });

  it('newIdAt refuses timestamps that do not fit', () => {
    expect(() => newIdAt(-1)).toThrow(RangeError);
    expect(() => newIdAt(2 ** 48)).toThrow(RangeError);
  });
});

describe('isUuid', () => {
  it('accepts UUIDs and rejects other strings', () => {
    expect(isUuid('0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b')).toBe(true);
    expect(isUuid('550e8400-e29b-41d4-a716-446655440000')).toBe(true);
    expect(isUuidV7('550e8400-e29b-41d4-a716-446655440000')).toBe(false);
    expect(isUuid('0193a1b2c3d47e5f8a9b0c1d2e3f4a5b')).toBe(false);
    expect(isUuid('0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5')).toBe(false);
    expect(isUuid('zz93a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b')).toBe(false);
    expect(isUuid('')).toBe(false);
    expect(isUuid(undefined)).toBe(false);
    expect(() => uuidV7Ms('550e8400-e29b-41d4-a716-446655440000')).toThrow(RangeError);
  });
});
