/**
 * Loads the repair shop's order templates (resources/repair/templates.json,
 * issue 11) before the desk opens, like the handling script
 * (features/cases/scriptLoad.ts): a broken file stops the desk with the file
 * and the path of every bad entry, e.g.
 *
 *   resources/repair/templates.json: kinds[1].trades[5]: unknown trade "paintt"
 *
 * The checks themselves are the domain's (shared/domain/orders/template.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { shippedOrderTemplates } from '../../../../shared/domain/orders/shipped';
import {
  checkOrderTemplates,
  formatTemplatePath,
  type OrderTemplates,
} from '../../../../shared/domain/orders/template';

export const ORDER_TEMPLATES_FILE = path.join('repair', 'templates.json');

/** Thrown when the templates file is missing, unreadable, not JSON, or fails its checks. */
export class OrderTemplatesLoadError extends Error {
  override readonly name = 'OrderTemplatesLoadError';
  /** One line per problem: `<file>: <path>: <message>`. */
  readonly issues: string[];

  constructor(
    readonly file: string,
    issues: string[],
  ) {
    super(issues.join('\n'));
    this.issues = issues;
  }
}

/** `resources/repair/templates.json` relative to the working directory when it lies below it, else as is. */
function displayName(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : file;
}

function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return 'file not found';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'this is a folder, not a file';
  return e instanceof Error ? e.message : String(e);
}

/** The order templates under `resourcesDir` (the folder the handling script is in). */
export function loadOrderTemplatesFile(resourcesDir: string): OrderTemplates {
  const file = path.join(resourcesDir, ORDER_TEMPLATES_FILE);
  const name = displayName(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new OrderTemplatesLoadError(name, [`${name}: cannot read the file (${describeFsError(e)})`]);
  }
  // Editors on Windows often save UTF-8 with a byte-order mark; JSON.parse refuses it.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new OrderTemplatesLoadError(name, [
      `${name}: invalid JSON: ${why.length > 200 ? `${why.slice(0, 200)}…` : why}`,
    ]);
  }
  const r = checkOrderTemplates(json);
  if (!r.ok) {
    throw new OrderTemplatesLoadError(
      name,
      r.issues.map((i) => `${name}: ${formatTemplatePath(i.path)}: ${i.message}`),
    );
  }
  // Every desk and head office hold orders of the shipped version to the shipped
  // file (shared/domain/orders/shipped.ts, decision 0056): a changed file under
  // that version would make this desk judge its orders otherwise than they do.
  const shipped = shippedOrderTemplates();
  if (r.templates.version === shipped.version && !isDeepStrictEqual(r.templates, shipped)) {
    throw new OrderTemplatesLoadError(name, [
      `${name}: version: "${shipped.version}" is the version this build ships, but the file differs ` +
        `from the shipped one; give the branch's own templates a version of their own ` +
        `(a number this build does not ship, for example "${shipped.version}.1")`,
    ]);
  }
  return r.templates;
}
