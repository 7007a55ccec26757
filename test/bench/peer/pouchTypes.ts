/**
 * The few PouchDB calls the peer benchmark uses, typed here instead of pulling
 * in @types/pouchdb (PouchDB is loaded with createRequire: it is CommonJS).
 */
export interface PouchInfo {
  doc_count: number;
  update_seq: number | string;
}

export interface PouchDatabase {
  bulkDocs(docs: object[]): Promise<({ ok?: boolean; error?: string; id?: string } | undefined)[]>;
  info(): Promise<PouchInfo>;
  close(): Promise<void>;
  destroy(): Promise<void>;
}

export interface ReplicationResult {
  ok: boolean;
  docs_read: number;
  docs_written: number;
  doc_write_failures: number;
  errors: unknown[];
}

export interface ReplicateOptions {
  batch_size?: number;
  batches_limit?: number;
}

export interface PouchStatic {
  new (name: string, opts?: Record<string, unknown>): PouchDatabase;
  defaults(opts: Record<string, unknown>): PouchStatic;
  replicate(
    source: string | PouchDatabase,
    target: string | PouchDatabase,
    opts?: ReplicateOptions,
  ): Promise<ReplicationResult>;
}
