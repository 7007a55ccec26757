/**
 * Entry of a CSV export's second lane (features/exports/lanes.ts, decision
 * 0047), started by the export's thread: renders the pages the export asks
 * for, in a snapshot of its own that it first checks is the export's, with
 * the cases feature's list query composed in (./exportCases.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { caseLister } from './exportCases';
import { serveLane, type LaneData } from './features/exports/lanes';

if (parentPort === null) throw new Error('exportLaneWorker.ts runs only as a worker thread');
serveLane(workerData as LaneData, parentPort, caseLister);
