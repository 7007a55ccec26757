import { sql } from 'kysely';
import { columnTypes, type ServerMigration } from './types';

/** The first schema: event log, devices and codes, admin tokens, attachments, head-office projections. */
export const m0001_initial: ServerMigration = {
  version: 1,
  name: 'initial',
  async up(db, engine) {
    const t = columnTypes(engine);
    const statements = [
      // The log. server_seq is assigned by the push transaction in commit order
      // (see store/events.ts), not by an identity column.
      `CREATE TABLE events (
        server_seq ${t.int64} PRIMARY KEY,
        id ${t.key} NOT NULL UNIQUE,
        stream ${t.key} NOT NULL,
        type ${t.text} NOT NULL,
        schema ${t.int32} NOT NULL,
        hlc ${t.key} NOT NULL,
        device ${t.text} NOT NULL,
        branch ${t.text} NOT NULL,
        actor ${t.text} NOT NULL,
        payload ${t.text} NOT NULL,
        hash ${t.text} NOT NULL,
        received_at ${t.int64} NOT NULL
      )${t.strict}`,
      `CREATE INDEX events_branch_seq ON events (branch, server_seq)`,
      `CREATE INDEX events_stream ON events (stream)`,

      `CREATE TABLE devices (
        id ${t.text} PRIMARY KEY,
        branch ${t.text} NOT NULL,
        device_code ${t.text} NOT NULL,
        label ${t.text},
        role ${t.text} NOT NULL CHECK (role IN ('counter', 'supervisor')),
        token_hash ${t.text} NOT NULL UNIQUE,
        enrolled_at ${t.int64} NOT NULL,
        last_seen_at ${t.int64},
        revoked_at ${t.int64},
        last_push_at ${t.int64},
        newest_hlc ${t.key},
        events_received ${t.int64} NOT NULL DEFAULT 0
      )${t.strict}`,
      // Two active counters of a branch with the same device code would make
      // colliding case numbers; a revoked device frees its code.
      `CREATE UNIQUE INDEX devices_active_code ON devices (branch, device_code) WHERE revoked_at IS NULL`,

      `CREATE TABLE enrollment_codes (
        code_hash ${t.text} PRIMARY KEY,
        branch ${t.text} NOT NULL,
        role ${t.text} NOT NULL CHECK (role IN ('counter', 'supervisor')),
        created_at ${t.int64} NOT NULL,
        expires_at ${t.int64} NOT NULL,
        used_at ${t.int64},
        used_by ${t.text}
      )${t.strict}`,

      `CREATE TABLE admin_tokens (
        token_hash ${t.text} PRIMARY KEY,
        label ${t.text},
        created_at ${t.int64} NOT NULL,
        revoked_at ${t.int64}
      )${t.strict}`,

      `CREATE TABLE attachments (
        sha256 ${t.text} PRIMARY KEY,
        size ${t.int64} NOT NULL,
        bytes ${t.blob} NOT NULL,
        created_at ${t.int64} NOT NULL
      )${t.strict}`,

      `CREATE TABLE cases (
        id ${t.key} PRIMARY KEY,
        branch ${t.key} NOT NULL,
        device ${t.text} NOT NULL,
        number ${t.text} NOT NULL,
        status ${t.text} NOT NULL,
        current_step ${t.int32},
        category ${t.text} NOT NULL,
        severity ${t.text} NOT NULL,
        owner ${t.text} NOT NULL,
        assignee ${t.text},
        channel ${t.text} NOT NULL,
        customer_name ${t.text} NOT NULL,
        customer_phone ${t.text} NOT NULL,
        received_at ${t.text} NOT NULL,
        opened_hlc ${t.key} NOT NULL,
        last_hlc ${t.key} NOT NULL,
        closed_hlc ${t.key},
        due_at ${t.text},
        search_text ${t.text} NOT NULL,
        state ${t.text} NOT NULL,
        updated_at ${t.int64} NOT NULL
      )${t.strict}`,
      `CREATE INDEX cases_opened ON cases (opened_hlc, id)`,
      `CREATE INDEX cases_branch_opened ON cases (branch, opened_hlc, id)`,
      `CREATE INDEX cases_received ON cases (received_at)`,

      `CREATE TABLE staff (
        id ${t.text} PRIMARY KEY,
        branch ${t.text} NOT NULL,
        name ${t.text} NOT NULL,
        login ${t.text} NOT NULL,
        role ${t.text} NOT NULL,
        created_key ${t.key} NOT NULL
      )${t.strict}`,

      `CREATE TABLE meta (
        key ${t.text} PRIMARY KEY,
        value ${t.text} NOT NULL
      )${t.strict}`,
    ];
    for (const s of statements) await sql.raw(s).execute(db);
  },
};
