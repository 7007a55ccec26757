/**
 * A browser-mode host whose desk clock a spec moves (run by ./clockHost.ts in
 * a child process, under tsx). The desk's clock runs with the real one from
 * `--start` (epoch ms; default now), plus whatever the spec added; each IPC
 * message `{ id, advanceMs }` moves it on, sweeps the background services
 * (the deadline scheduler sees the jump at once) and answers `{ id, nowMs }`.
 */
import { parseArgs } from 'node:util';
import { openDesk } from '../../../electron/desk/index';
import { startHost } from '../../../electron/host/server';

const { values } = parseArgs({
  options: { data: { type: 'string' }, start: { type: 'string' } },
  strict: true,
});
if (!values.data) throw new Error('--data is required');

const realStart = Date.now();
const startMs = values.start ? Number(values.start) : realStart;
let shift = 0;
const now = (): number => startMs + (Date.now() - realStart) + shift;

const desk = openDesk({ dataDir: values.data, now });
const host = await startHost({ desk, port: 0, host: '127.0.0.1' });
process.stdout.write(`Loopdesk ready at ${host.url}\n`);

process.on('message', (m: { id: number; advanceMs?: number }) => {
  shift += m.advanceMs ?? 0;
  void desk.sweep().then(() => process.send?.({ id: m.id, nowMs: now() }));
});

const stop = (): void => {
  void host.close().finally(() => {
    desk.close();
    process.exit(0);
  });
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.on('disconnect', stop);
