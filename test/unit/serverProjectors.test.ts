/** Head office's projector registry: routes new events by stream kind and knows no feature. */
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../shared/domain/kernel/envelope';
import { ServerProjectors, type ServerProjector } from '../../server/store/projectors';
import type { ServerDB } from '../../server/store/schema';

const tx = {} as Kysely<ServerDB>;

function recorder(kind: string, version?: number, calls: string[] = []) {
  const seen: string[] = [];
  const p: ServerProjector = {
    kind,
    ...(version === undefined ? {} : { version }),
    apply: async (_tx, events) => {
      seen.push(...events.map((e) => e.id));
    },
    clear: async () => {
      calls.push(`clear ${kind}`);
    },
    rebuild: async () => {
      calls.push(`rebuild ${kind}`);
      return kind.length;
    },
  };
  return { p, seen, calls };
}

const ev = (id: string, stream: string): EventEnvelope =>
  ({ id, stream, type: `${stream.split(':')[0]}.x` }) as unknown as EventEnvelope;

describe('ServerProjectors', () => {
  it('refuses a second projector for one stream kind', () => {
    const a = recorder('case');
    expect(() => new ServerProjectors([a.p, recorder('case').p])).toThrow(
      'stream kind "case" already has a projector',
    );
  });

  it('hands each projector only the events of its kind, and leaves unknown kinds in the log', async () => {
    const c = recorder('case');
    const s = recorder('staff');
    const r = new ServerProjectors([c.p, s.p]);
    await r.apply(tx, [ev('1', 'case:a'), ev('2', 'staff:b'), ev('3', 'workorder:c'), ev('4', 'case:d')], 0);
    expect(c.seen).toEqual(['1', '4']);
    expect(s.seen).toEqual(['2']);
  });

  it('rebuilds by clearing every projection first, and signs each projector version', async () => {
    const calls: string[] = [];
    const c = recorder('case', 2, calls);
    const s = recorder('staff', undefined, calls);
    const r = new ServerProjectors([c.p, s.p]);
    expect(await r.rebuild(tx, 0)).toEqual({ case: 4, staff: 5 });
    expect(calls).toEqual(['clear case', 'clear staff', 'rebuild case', 'rebuild staff']);
    const sig = JSON.parse(r.signature()) as { projectors: Record<string, number> };
    expect(sig.projectors).toEqual({ case: 2, staff: 1 });
    expect(new ServerProjectors([recorder('case', 3).p, s.p]).signature()).not.toBe(r.signature());
  });

  it('refreshes a dependent projector after every apply, with the branches the other one changed', async () => {
    const calls: string[] = [];
    const cases: ServerProjector = {
      ...recorder('case').p,
      apply: async (_tx, events) => {
        calls.push(`apply case ${events.length}`);
      },
      refresh: async (_tx, branches, _now, group) => {
        calls.push(`refresh case ${branches.join(',')} of ${group.events.length}`);
      },
    };
    const staff: ServerProjector = {
      ...recorder('staff').p,
      apply: async (_tx, events) => {
        calls.push(`apply staff ${events.length}`);
        return { branches: ['GZ'] };
      },
    };
    const r = new ServerProjectors([cases, staff]).dependsOn('case', 'staff');
    await r.apply(tx, [ev('1', 'staff:a'), ev('2', 'case:b')], 0);
    expect(calls).toEqual(['apply staff 1', 'apply case 1', 'refresh case GZ of 2']);
    calls.length = 0;
    await r.apply(tx, [ev('3', 'case:c')], 0);
    expect(calls).toEqual(['apply case 1']); // no staff change, no refresh
    expect(() => r.dependsOn('case', 'workorder')).toThrow('stream kind "workorder" has no projector');
  });

  it('locks what a fold reads shared, and exclusively when the group also writes it', () => {
    const cases: ServerProjector = { ...recorder('case').p, sharedLockNames: () => ['staff-of:GZ'] };
    const staff: ServerProjector = { ...recorder('staff').p, lockNames: () => ['staff-of:GZ'] };
    const r = new ServerProjectors([cases, staff]);
    expect(r.lockNames([ev('1', 'case:a')])).toEqual({ exclusive: ['case:a'], shared: ['staff-of:GZ'] });
    expect(r.lockNames([ev('1', 'case:a'), ev('2', 'staff:b')])).toEqual({
      exclusive: ['case:a', 'staff:b', 'staff-of:GZ'],
      shared: [],
    });
  });
});
