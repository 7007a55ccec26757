/**
 * The desk trusts a payload checked on its checker thread as its own parse
 * (fold.ts markPayloadChecked). That holds only while no payload schema
 * transforms what it validates: these tests fail the moment one does.
 */
import { describe, expect, it } from 'vitest';
import { EVENT_PAYLOADS, type EventType } from '../../shared/domain/events';
import { caseGenerator } from '../bench/corpus';

const TRANSFORMING = new Set(['transform', 'pipe', 'default', 'prefault', 'catch', 'success']);

/** def.type of every schema reachable from `schema` that changes its input. */
function transformingParts(schema: unknown, seen = new Set<unknown>()): string[] {
  const z = (schema as { _zod?: { def?: Record<string, unknown> } } | null)?._zod;
  if (!z?.def || seen.has(schema)) return [];
  seen.add(schema);
  const def = z.def;
  const found = TRANSFORMING.has(String(def.type)) ? [String(def.type)] : [];
  const visit = (v: unknown): void => {
    if (v === null || typeof v !== 'object') return;
    if ('_zod' in v) found.push(...transformingParts(v, seen));
    else if (Array.isArray(v)) v.forEach(visit);
    else Object.values(v).forEach(visit);
  };
  for (const [k, v] of Object.entries(def)) if (k !== 'type') visit(v);
  return found;
}

describe('event payload schemas', () => {
  it('validate without transforming: no defaults, transforms, pipes or catches', () => {
    for (const [type, schema] of Object.entries(EVENT_PAYLOADS)) {
      expect(transformingParts(schema), type).toEqual([]);
    }
  });

  it('the walker finds a transform when there is one (so the test above can fail)', async () => {
    const { z } = await import('zod');
    expect(transformingParts(z.object({ a: z.string().default('x') }))).toContain('default');
    expect(
      transformingParts(z.object({ a: z.union([z.number(), z.string().transform((s) => s.length)]) })),
    ).toContain('pipe');
  });

  it('parse realistic payloads to equal data', () => {
    const gen = caseGenerator({
      deviceId: '0196f3a0-0000-7000-8000-00000000be01',
      deviceCode: '02',
      actor: '0196f3a0-0000-7000-8000-00000000be02',
    });
    for (let i = 0; i < 50; i++) {
      for (const e of gen.next().events) {
        expect(EVENT_PAYLOADS[e.type as EventType].parse(e.payload)).toEqual(e.payload);
      }
    }
  });
});
