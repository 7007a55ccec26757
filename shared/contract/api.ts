/**
 * DeskApi: the one typed contract between the renderer and the desk core.
 *
 * Every method has a zod input schema (strict: unknown fields are refused) and
 * a zod output schema. Two transports carry it unchanged:
 *   - Electron: preload exposes `window.desk`, ipcMain handlers validate input;
 *   - browser mode and tests: HTTP `POST /api/call/<method>` on 127.0.0.1.
 * Both end in the same `DeskCore.call(method, input, ctx)`.
 *
 * Each feature declares its methods in methods/<feature>.ts; this file
 * composes them into METHODS, so the types stay checked end to end
 * (docs/adding-a-feature.md).
 */
import type { z } from 'zod';
import { analysisMethods } from './methods/analysis';
import { backupMethods } from './methods/backup';
import { caseMethods } from './methods/cases';
import { customerMethods } from './methods/customers';
import { draftMethods } from './methods/drafts';
import { evidenceMethods } from './methods/evidence';
import { exportMethods } from './methods/exports';
import { importMethods } from './methods/import';
import type { Locale } from './methods/common';
import { jobMethods, type JobProgressEvent } from './methods/jobs';
import { libraryMethods } from './methods/library';
import { rectificationMethods } from './methods/rectification';
import { orderReportMethods } from './methods/orderReports';
import { orderMethods } from './methods/orders';
import { pdfMethods } from './methods/pdf';
import { reportMethods } from './methods/reports';
import { settingsMethods } from './methods/settings';
import { staffMethods } from './methods/staff';
import { syncMethods, type SyncStatus } from './methods/sync';
import { volumeMethods } from './methods/volume';
import { workMethods } from './methods/work';
import type { Result } from './result';

/** The methods of DeskApi: name -> { input, output, auth }, composed from the features' tables. */
export const METHODS = {
  ...staffMethods,
  ...caseMethods,
  ...syncMethods,
  ...jobMethods,
  ...settingsMethods,
  ...workMethods,
  ...draftMethods,
  ...orderMethods,
  ...orderReportMethods,
  ...libraryMethods,
  ...rectificationMethods, // issue 14
  ...evidenceMethods,
  ...customerMethods,
  ...backupMethods,
  ...exportMethods,
  ...importMethods,
  ...pdfMethods,
  ...analysisMethods,
  ...reportMethods,
  ...volumeMethods,
} as const;

export type MethodName = keyof typeof METHODS;
export type InputOf<M extends MethodName> = z.input<(typeof METHODS)[M]['input']>;
export type ParsedInputOf<M extends MethodName> = z.output<(typeof METHODS)[M]['input']>;
export type OutputOf<M extends MethodName> = z.output<(typeof METHODS)[M]['output']>;

export const METHOD_NAMES = Object.keys(METHODS) as MethodName[];
export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(METHODS, name);
}

/** Server-pushed notifications (SSE in browser mode, IPC events in Electron). */
export type DeskEvent =
  | { type: 'case.changed'; caseId: string }
  /** A work order's row changed (a local write or one pulled by sync): the board and the order view reload it. */
  | { type: 'order.changed'; orderId: string }
  /** The branch's case library changed (a local write or one pulled by sync): open library views read again. */
  | { type: 'library.changed' }
  /** A rectification item changed (issue 14): open rectification views read again. */
  | { type: 'rectification.changed' }
  /** The branch's business volume changed (issue 14): the volume screen reads again. */
  | { type: 'volume.changed' }
  | JobProgressEvent
  | {
      type: 'sync.status';
      /** The status with its texts in the default locale (zh-CN). */
      status: SyncStatus;
      /** The same status with its texts in every locale: each window shows its own. */
      byLocale: Record<z.infer<typeof Locale>, SyncStatus>;
    }
  /** The deadline scheduler raised `count` new alerts (each window asks alert.list for its own). */
  | { type: 'alert.raised'; count: number };

/**
 * What the renderer sees. `call` never throws: transport failures come back as
 * `{ ok: false, error: { code: 'internal', ... } }`.
 */
/** The browser transport's header for CallOptions.background (`POST /api/call/<method>`). */
export const BACKGROUND_HEADER = 'x-loopdesk-background';

/** How a screen makes a call. */
export interface CallOptions {
  /**
   * Made by a timer or a desk event (a poll, a refresh after sync), not by the
   * person at the desk: it does not count as use of the session, so a desk
   * left alone still signs out after the idle limit (docs/security.md).
   */
  background?: boolean;
}

export interface DeskApi {
  call<M extends MethodName>(method: M, input: InputOf<M>, opts?: CallOptions): Promise<Result<OutputOf<M>>>;
  /** Subscribe to desk events; returns an unsubscribe function. */
  subscribe(listener: (event: DeskEvent) => void): () => void;
  /** The session token to send with each call (null when signed out). */
  setSession(token: string | null): void;
  setLocale(locale: z.infer<typeof Locale>): void;
}

/** Context every call carries into the core. */
export interface CallContext {
  session: string | null;
  locale: z.infer<typeof Locale>;
  /** CallOptions.background: the call does not count as use of the session. */
  background?: boolean;
}
