/**
 * Issue 12: the customer key (shared/domain/cases/customerKey.ts) and repeat
 * complaints (shared/domain/cases/repeat.ts): normalisation, the key as an
 * equivalence, and the repeat rule as a function of the set of cases.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  customerKey,
  MIN_PHONE_DIGITS,
  normalName,
  normalPhone,
  sameCustomer,
} from '../../shared/domain/cases/customerKey';
import { DAY_MS, isEarlier, judgeRepeat, type CustomerCase } from '../../shared/domain/cases/repeat';

const T0 = Date.parse('2026-11-01T02:00:00.000Z');

describe('normalPhone', () => {
  it.each([
    ['13800138000', '13800138000'],
    ['+86 138 0013 8000', '13800138000'],
    ['+8613800138000', '13800138000'],
    ['0086-138-0013-8000', '13800138000'],
    ['86 13800138000', '13800138000'],
    ['138 0013 8000', '13800138000'],
    ['138-0013-8000', '13800138000'],
    ['（138）0013 8000', '13800138000'],
    ['１３８００１３８０００', '13800138000'],
    ['020-8888 6666', '02088886666'],
    ['8613800', '8613800'],
    ['无', ''],
  ])('%s → %s', (raw, want) => {
    expect(normalPhone(raw)).toBe(want);
  });

  it('is idempotent and keeps only ASCII digits', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789+-() ８６０１　'.split('')) }), (raw) => {
        const once = normalPhone(raw);
        expect(normalPhone(once)).toBe(once);
        expect(once).toMatch(/^[0-9]*$/);
      }),
    );
    fc.assert(
      fc.property(fc.string(), (raw) => {
        expect(normalPhone(normalPhone(raw))).toBe(normalPhone(raw));
      }),
    );
  });

  it('gives the same number with or without the country code and separators', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^1[3-9][0-9]{9}$/),
        fc.constantFrom('', '+86', '+86 ', '0086', '0086-', '86'),
        fc.constantFrom('', ' ', '-'),
        (mobile, prefix, sep) => {
          const spaced = `${mobile.slice(0, 3)}${sep}${mobile.slice(3, 7)}${sep}${mobile.slice(7)}`;
          expect(normalPhone(prefix + spaced)).toBe(mobile);
        },
      ),
    );
  });
});

describe('normalName', () => {
  it('drops every space, folds full-width forms and ASCII case', () => {
    expect(normalName(' 张 伟 ')).toBe('张伟');
    expect(normalName('张\u3000伟')).toBe('张伟');
    expect(normalName('Ｌｉ Ｌｅｉ')).toBe('lilei');
    expect(normalName('Li Lei')).toBe(normalName('li  lei'));
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string(), (raw) => {
        expect(normalName(normalName(raw))).toBe(normalName(raw));
      }),
    );
  });
});

describe('customerKey and sameCustomer', () => {
  it('keys by the phone when it has enough digits, else by the name', () => {
    expect(customerKey({ phone: '+86 138 0013 8000', name: '张伟' })).toEqual({
      kind: 'phone',
      value: '13800138000',
    });
    expect(customerKey({ phone: '12345', name: ' 张 伟' })).toEqual({ kind: 'name', value: '张伟' });
    expect(customerKey({ phone: '', name: '  ' })).toBeNull();
    expect('1'.repeat(MIN_PHONE_DIGITS - 1)).toHaveLength(MIN_PHONE_DIGITS - 1);
  });

  it('a phone-keyed case never matches a name-keyed one, even with the same name', () => {
    expect(sameCustomer({ phone: '13800138000', name: '张伟' }, { phone: '', name: '张伟' })).toBe(false);
    expect(sameCustomer({ phone: '', name: '张 伟' }, { phone: '', name: '张伟' })).toBe(true);
    expect(
      sameCustomer({ phone: '0086 13800138000', name: 'A' }, { phone: '138-0013-8000', name: 'B' }),
    ).toBe(true);
  });

  const customer = fc.record({
    phone: fc.constantFrom('', '123', '13800138000', '+86 138 0013 8000', '13900139000', '020-8888 6666'),
    name: fc.constantFrom('', '张伟', '张 伟', '李雷', 'Li Lei', 'li lei'),
  });

  it('is an equivalence on customers with a key (reflexive, symmetric, transitive)', () => {
    fc.assert(
      fc.property(customer, customer, customer, (a, b, c) => {
        if (customerKey(a) !== null) expect(sameCustomer(a, a)).toBe(true);
        expect(sameCustomer(a, b)).toBe(sameCustomer(b, a));
        if (sameCustomer(a, b) && sameCustomer(b, c)) expect(sameCustomer(a, c)).toBe(true);
      }),
    );
  });
});

describe('repeat complaints', () => {
  const c = (id: string, days: number, category = 'banking.fees'): CustomerCase => ({
    id,
    receivedMs: T0 + days * DAY_MS,
    category,
  });

  it('is a repeat when an earlier case lies within the window, not outside it', () => {
    const first = c('a', 0);
    expect(judgeRepeat(c('b', 30), [first], 30).repeat).toBe(true);
    expect(judgeRepeat(c('b', 30.01), [first], 30).repeat).toBe(false);
    expect(judgeRepeat(c('b', 10), [first], 7).repeat).toBe(false);
    expect(judgeRepeat(first, [first, c('b', 5)], 30).repeat).toBe(false); // later ones do not count
  });

  it('notes whether an earlier case in the window had the same category', () => {
    const r = judgeRepeat(c('z', 20), [c('a', 0, 'card.fraud'), c('b', 5, 'banking.fees')], 30);
    expect(r).toMatchObject({ repeat: true, sameCategory: true });
    expect(r.earlier.map((e) => e.id)).toEqual(['b', 'a']);
    expect(judgeRepeat(c('z', 20), [c('a', 0, 'card.fraud')], 30).sameCategory).toBe(false);
  });

  it('orders two cases received at the same millisecond by id: exactly one is earlier', () => {
    const a = c('a', 3);
    const b = c('b', 3);
    expect(isEarlier(a, b)).toBe(true);
    expect(isEarlier(b, a)).toBe(false);
    expect(judgeRepeat(b, [a], 30).repeat).toBe(true);
    expect(judgeRepeat(a, [b], 30).repeat).toBe(false);
  });

  const cases = fc.uniqueArray(
    fc.record({
      id: fc.stringMatching(/^[a-f]{2}$/),
      receivedMs: fc.integer({ min: T0, max: T0 + 90 * DAY_MS }),
      category: fc.constantFrom('x', 'y'),
    }),
    { selector: (x) => x.id, maxLength: 12 },
  );

  it('depends on the set of cases, not their order (a case arriving late counts)', () => {
    fc.assert(
      fc.property(cases, fc.integer({ min: 1, max: 60 }), (all, w) => {
        const reversed = [...all].reverse();
        for (const x of all) expect(judgeRepeat(x, reversed, w)).toEqual(judgeRepeat(x, all, w));
      }),
    );
  });

  it('of two distinct cases within the window of each other, exactly the later is made a repeat by the other', () => {
    fc.assert(
      fc.property(cases, fc.integer({ min: 1, max: 60 }), (all, w) => {
        for (const a of all) {
          for (const b of all) {
            if (a.id === b.id || Math.abs(a.receivedMs - b.receivedMs) > w * DAY_MS) continue;
            const aByB = judgeRepeat(a, [b], w).repeat;
            const bByA = judgeRepeat(b, [a], w).repeat;
            expect(aByB !== bByA).toBe(true);
          }
        }
      }),
    );
  });

  it('the first case of a customer (in receipt order) is never a repeat; one within the window of its predecessor always is', () => {
    fc.assert(
      fc.property(cases, fc.integer({ min: 1, max: 60 }), (all, w) => {
        const sorted = [...all].sort((x, y) => (isEarlier(x, y) ? -1 : 1));
        sorted.forEach((x, i) => {
          const prev = sorted[i - 1];
          const r = judgeRepeat(x, all, w).repeat;
          if (prev === undefined) expect(r).toBe(false);
          else if (x.receivedMs - prev.receivedMs <= w * DAY_MS) expect(r).toBe(true);
        });
      }),
    );
  });
});
