/**
 * Notices a regained network interface in plain Node (the browser-mode host,
 * the CLI): polls `os.networkInterfaces()` (cheap, no I/O) and calls
 * `onRegained` when an external address appears that was not there before.
 * The Electron main process can also call the engine's `networkChanged()`
 * itself (e.g. on powerMonitor "resume").
 */
import os from 'node:os';

/** The external (non-internal) addresses, as "interface/address" strings. */
export function externalAddresses(
  read: () => NodeJS.Dict<os.NetworkInterfaceInfo[]> = () => os.networkInterfaces(),
): Set<string> {
  const out = new Set<string>();
  for (const [name, infos] of Object.entries(read())) {
    for (const i of infos ?? []) if (!i.internal) out.add(`${name}/${i.address}`);
  }
  return out;
}

/** Starts polling; returns the function that stops it. */
export function watchNetworkInterfaces(
  onRegained: () => void,
  intervalMs: number,
  read?: () => NodeJS.Dict<os.NetworkInterfaceInfo[]>,
): () => void {
  let known = safeRead(read);
  const timer = setInterval(() => {
    const now = safeRead(read);
    const regained = [...now].some((a) => !known.has(a));
    known = now;
    if (regained) onRegained();
  }, intervalMs);
  timer.unref?.();
  return () => clearInterval(timer);
}

function safeRead(read?: () => NodeJS.Dict<os.NetworkInterfaceInfo[]>): Set<string> {
  try {
    return externalAddresses(read);
  } catch {
    return new Set();
  }
}
