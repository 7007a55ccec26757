/**
 * The analysis feature's entry (issue 14): what the desk composes
 * (electron/desk/index.ts). It reads the `case_facts` rows the case
 * projector keeps (features/cases/facts.ts) and owns no events or projection.
 */
export { analysisHandlers as handlers } from './handlers';
export { runDeskAnalysis, deskGroupingRunner, type VolumeSource } from './run';
