/** Table types of head office's audit chains (migration 0012; server/store/audit.ts). */
export interface AuditKeysTable {
  device: string;
  /** ed25519 public key, SPKI DER in base64. */
  public_key: string;
  registered_at: number;
  /** When the device last sent its chain: its events received before then must be in it. */
  last_at: number;
}

export interface AuditChainTable {
  device: string;
  dseq: number;
  event_id: string;
  hash: string;
  link: string;
  /** What became of the event at push, as the desk saw it. */
  state: 'stored' | 'refused' | 'pending';
  received_at: number;
}

export interface AuditCheckpointsTable {
  device: string;
  dseq: number;
  link: string;
  signature: string;
  received_at: number;
}
