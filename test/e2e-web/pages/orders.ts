/**
 * Arranging work orders through the desk API (issue 11), for specs whose
 * subject is what comes after: an order opened by the page's signed-in
 * front-desk clerk (so received by them), its items started and finished by
 * a team lead, signed (self; process on a safety item; final) by the team
 * lead and the QC inspector typing their own credentials, the front desk's
 * parts reconciliation and seven checks, and released.
 */
import type { Page } from '@playwright/test';
import type { OrderDetail } from '../../../shared/contract/methods/orders';
import { checklistFor, findKind, type OrderTemplates } from '../../../shared/domain/orders/template';
import { deskCall } from './desk';

export interface Creds {
  login: string;
  pin: string;
}

export const DESK_CHECKS = [
  'quote_matched',
  'vehicle_records_checked',
  'documents_keys_collected',
  'inspected_with_customer',
  'warranty_explained',
  'callback_booked',
  'next_service_suggested',
] as const;

/** Calls the desk API as `who`, signed in through the API: the page's own session is left alone. */
export async function deskCallAs<T>(page: Page, who: Creds, method: string, input: unknown): Promise<T> {
  const r = await page.evaluate(
    async ({ who, method, input }) => {
      const post = async (m: string, body: unknown, token?: string) => {
        const res = await fetch(`/api/call/${m}`, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            ...(token ? { Authorization: `Bearer ${token}` } : {}),
          },
          body: JSON.stringify(body),
        });
        return (await res.json()) as {
          ok: boolean;
          value?: unknown;
          error?: { code: string; message: string };
        };
      };
      const session = await post('auth.signIn', { login: who.login, secret: who.pin });
      if (!session.ok) return session;
      return post(method, input, (session.value as { token: string }).token);
    },
    { who, method, input },
  );
  if (!r.ok) throw new Error(`${method} as ${who.login} failed: ${r.error?.code} ${r.error?.message}`);
  return r.value as T;
}

/** A car with a safety item (the brakes) and a plain one, quoted; received by the page's clerk. */
export function carOrder(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'car_repair',
    customer: { name: '张伟', phone: '13900139000' },
    subject: {
      plate: '粤A12345',
      vinOrSerial: 'LSVAA4182E2184562',
      model: '大众 朗逸',
      readingsBefore: { mileage: 52000, fuel: 40 },
    },
    items: [
      {
        title: '更换前刹车片',
        trade: 'mechanical',
        labourFen: 12000,
        parts: [{ name: '刹车片', qty: 1, unitFen: 38000 }],
      },
      { title: '更换雨刮', trade: 'mechanical', labourFen: 2000, parts: [] },
    ],
    promisedAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
    ...overrides,
  };
}

/**
 * Opens an order as the page's signed-in front-desk clerk and takes it to
 * its release: `lead` starts, finishes and self-checks each item, `lead` and
 * `qc` sign the process check of a safety item, `qc` the final check.
 */
export async function releasedOrder(
  page: Page,
  signers: { lead: Creds; qc: Creds },
  overrides: Record<string, unknown> = {},
): Promise<OrderDetail> {
  const { templates } = await deskCall<{ templates: OrderTemplates }>(page, 'order.templates', {});
  let order = await deskCall<OrderDetail>(page, 'order.open', carOrder(overrides));
  const kind = findKind(templates, order.kind);
  if (!kind) throw new Error(`no template for ${order.kind}`);
  const sign = (c: Creds) => ({ login: c.login, secret: c.pin });
  for (const item of order.items) {
    const ref = { orderId: order.id, itemId: item.itemId };
    await deskCallAs(page, signers.lead, 'order.startItem', ref);
    await deskCallAs(page, signers.lead, 'order.finishItem', ref);
    type Step = ['self' | 'process' | 'final', Creds[]];
    const process: Step[] = item.safety ? [['process', [signers.lead, signers.qc]]] : [];
    const steps: Step[] = [['self', [signers.lead]], ...process, ['final', [signers.qc]]];
    for (const [inspection, by] of steps) {
      const checklist = Object.fromEntries(
        checklistFor(kind, inspection, item.safety).map((l) => [l.key, true]),
      );
      order = await deskCall<OrderDetail>(page, 'order.inspect', {
        ...ref,
        inspection,
        result: 'pass',
        checklist,
        signers: by.map(sign),
      });
    }
  }
  const used = order.items.flatMap((i) => i.parts.map((p) => ({ ...p, itemId: i.itemId })));
  await deskCall(page, 'order.reconcileParts', { orderId: order.id, used, matches: true });
  for (const check of DESK_CHECKS) await deskCall(page, 'order.deskCheck', { orderId: order.id, check });
  return deskCall<OrderDetail>(page, 'order.release', { orderId: order.id });
}
