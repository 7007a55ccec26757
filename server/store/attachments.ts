/** Evidence files, kept by their sha256. */
import type { StoreContext } from './context';

/** Stores the bytes under their sha256; false when they were already there (nothing changes). */
export async function putAttachment(
  c: StoreContext,
  sha256: string,
  bytes: Buffer,
  now: number,
): Promise<boolean> {
  return c.write(async (tx) => {
    const back = await tx
      .insertInto('attachments')
      .values({ sha256, size: bytes.length, bytes, created_at: now })
      .onConflict((oc) => oc.column('sha256').doNothing())
      .returning('sha256')
      .execute();
    return back.length > 0;
  });
}

export async function hasAttachment(c: StoreContext, sha256: string): Promise<boolean> {
  const r = await c.db
    .selectFrom('attachments')
    .select('sha256')
    .where('sha256', '=', sha256)
    .executeTakeFirst();
  return r !== undefined;
}
