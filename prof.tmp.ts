import Database from 'better-sqlite3';
import { contentHash } from './electron/desk/features/audit/verifyDesk';
const db = new Database('/tmp/loopdesk-bench-export-5w5uzS/loopdesk.db', { readonly: true });
const q = 'SELECT seq, id, stream, type, schema, hlc, device, branch, actor, payload, hash FROM events ORDER BY seq';
let t = performance.now();
let n = 0;
for (const r of db.prepare(q).iterate() as any) { n++; }
console.log('iterate only', (performance.now() - t).toFixed(0));
t = performance.now();
for (const r of db.prepare(q).iterate() as any) { contentHash(r); }
console.log('iterate+hash', (performance.now() - t).toFixed(0));
t = performance.now();
const ch = db.prepare('SELECT dseq, seq, event_id, link FROM audit_chain ORDER BY dseq').iterate() as any;
for (const r of db.prepare(q).iterate() as any) { ch.next(); }
console.log('two iterators', (performance.now() - t).toFixed(0));
