import { plainSealer, type SecretSealer } from './secretSealer';

/** Settings of the sync engine (timers, intervals, probes, time limits). */
export interface SyncOptions {
  /** Run on timers (debounce after local writes, periodic, backoff, probes). Default true; false = only on request. */
  timers?: boolean;
  /** Delay after a local write before a run (ms). Default 500. */
  debounceMs?: number;
  /** Time between runs while healthy (ms). Default 30 s. */
  intervalMs?: number;
  /** Backoff ceiling after the first failure (ms); doubles per failure. Default 2 s. */
  backoffBaseMs?: number;
  /** Largest backoff (ms). Default 5 min. */
  backoffMaxMs?: number;
  /** First probe of head office after it could not be reached (ms); doubles per probe. Default 1 s. */
  probeBaseMs?: number;
  /** Longest time between probes while head office cannot be reached (ms). Default 8 s. */
  probeMaxMs?: number;
  /** Time limit of one probe (ms). Default 3 s. */
  probeTimeoutMs?: number;
  /** How often the network interfaces are looked at (ms); 0 = never (the host calls networkChanged). Default 5 s. */
  networkPollMs?: number;
  /** Time limit of one push, pull or HEAD request (ms). Default 20 s. */
  requestTimeoutMs?: number;
  /** Time limit of the enrollment request (ms). Default 15 s. */
  enrollTimeoutMs?: number;
  /** Random source in [0, 1) for the jitter. */
  random?: () => number;
  /** Where one-line failure and recovery notes go (never the token). Default console.warn. */
  log?: (line: string) => void;
  /** How the device token is kept at rest (the Electron shell: safeStorage). Default: as it is. */
  sealer?: SecretSealer;
}

export type SyncSettings = Required<SyncOptions>;

export const SYNC_DEFAULTS: SyncSettings = {
  timers: true,
  debounceMs: 500,
  intervalMs: 30_000,
  backoffBaseMs: 2_000,
  backoffMaxMs: 5 * 60_000,
  probeBaseMs: 1_000,
  probeMaxMs: 8_000,
  probeTimeoutMs: 3_000,
  networkPollMs: 5_000,
  requestTimeoutMs: 20_000,
  enrollTimeoutMs: 15_000,
  random: Math.random,
  log: (line) => console.warn(line),
  sealer: plainSealer,
};
