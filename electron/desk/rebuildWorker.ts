/**
 * Entry of the rebuild thread (see kernel/rebuildJob.ts): opens its own
 * connection to the desk's WAL database and runs EventStore.rebuild there
 * with the desk's own projector registry (the same fold and projection code
 * as the desk's thread), posting progress after each chunk and stopping
 * between chunks once the shared cancel flag is set, in which case the
 * transaction rolls back and nothing has changed.
 */
import { openDatabase, type DeskDatabase } from './db/open';
import { EventStore, RebuildCancelled } from './kernel/eventStore';
import { rebuildFailure, type RebuildCounts, type RebuildWorkerData } from './kernel/rebuildJob';
import { threadEntry } from './kernel/threadEntry';
import { counts } from './maintenance';
import { projectors } from './projection';

const { data, post, cancelled } = threadEntry<RebuildWorkerData, RebuildCounts>('rebuildWorker.ts');

post({ type: 'started' });
let d: DeskDatabase | null = null;
try {
  d = openDatabase(data.file);
  d.sqlite.pragma(`busy_timeout = ${Math.max(0, Math.floor(data.busyTimeoutMs))}`);
  new EventStore(d, projectors()).rebuild(data.chunk, {
    onProgress: (done, total) => post({ type: 'progress', done, total }),
    cancelled,
  });
  post({ type: 'done', result: { ...counts(d) } });
} catch (e) {
  if (e instanceof RebuildCancelled) {
    post({ type: 'cancelled' });
  } else {
    const f = rebuildFailure(e);
    post({ type: 'failed', code: f.code, key: f.key, detail: f.detail });
  }
} finally {
  d?.close();
}
