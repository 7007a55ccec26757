/** The evidence feature's entry (issue 12): what the desk composes (electron/desk/index.ts). */
export { evidenceHandlers as handlers, addEvidence } from './handlers';
export { EvidenceFiles, type EvidenceSyncHooks, type FetchOutcome } from './service';
export { sniffEvidence, sniffFile, SNIFF_BYTES } from './sniff';
export { EvidenceFetcher } from './background';
