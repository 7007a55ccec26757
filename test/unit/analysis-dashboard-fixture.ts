/**
 * A hand-made AnalysisResult for the dashboard's unit tests (issue 14): six
 * cases in January and February 2026 (banking 3: fees 2, cards 1; insurance 2;
 * telecom 1), two in the December before, women 4 and men 2, a region nobody
 * recorded and no business volume.
 */
import type { AnalysisResult } from '../../shared/domain/analysis/report';

const none = { yes: 0, known: 0, rate: null };

export const RESULT: AnalysisResult = {
  period: { fromDay: '2026-01-01', toDay: '2026-03-01' },
  compare: { fromDay: '2025-12-01', toDay: '2026-01-01' },
  where: { channel: 'walk_in' },
  totals: { count: 6, compareCount: 2, growth: 2, perVolume: null },
  categories: {
    total: 6,
    topThreeShare: 1,
    rows: [
      { key: 'banking', count: 3, share: 0.5, cumulative: 0.5 },
      { key: 'insurance', count: 2, share: 2 / 6, cumulative: 5 / 6 },
      { key: 'telecom', count: 1, share: 1 / 6, cumulative: 1 },
    ],
  },
  subcategories: [
    {
      main: 'banking',
      count: 3,
      rows: [
        { key: 'banking.fees', count: 2, share: 2 / 3 },
        { key: 'banking.cards', count: 1, share: 1 / 3 },
      ],
    },
    { main: 'insurance', count: 2, rows: [{ key: 'insurance.claims_counter', count: 2, share: 1 }] },
    { main: 'telecom', count: 1, rows: [{ key: 'telecom.billing', count: 1, share: 1 }] },
  ],
  breakdowns: {
    gender: [
      { key: 'female', count: 4, share: 4 / 6 },
      { key: 'male', count: 2, share: 2 / 6 },
    ],
    returning: [{ key: 0, count: 6, share: 1 }],
    region: [{ key: null, count: 6, share: 1 }],
    channel: [{ key: 'walk_in', count: 6, share: 1 }],
    owner: [{ key: 'u1', count: 6, share: 1 }],
    customerLevel: [{ key: null, count: 6, share: 1 }],
    sharedCustomer: [{ key: null, count: 6, share: 1 }],
    complainantType: [{ key: null, count: 6, share: 1 }],
    nature: [
      { key: null, count: 3, share: 0.5 },
      { key: 'valid', count: 3, share: 0.5 },
    ],
    severity: [{ key: 'general', count: 6, share: 1 }],
    escalationLevel: [
      { key: null, count: 4, share: 4 / 6 },
      { key: 'supervisor', count: 2, share: 2 / 6 },
    ],
    failurePoint: [{ key: null, count: 6, share: 1 }],
    qualityGap: [{ key: null, count: 6, share: 1 }],
  },
  crossTabs: [
    {
      rows: 'gender',
      cols: 'mainCategory',
      cells: [
        { row: 'female', col: 'banking', count: 2, share: 0.5 },
        { row: 'female', col: 'insurance', count: 1, share: 0.25 },
        { row: 'female', col: 'telecom', count: 1, share: 0.25 },
        { row: 'male', col: 'banking', count: 1, share: 0.5 },
        { row: 'male', col: 'insurance', count: 1, share: 0.5 },
      ],
    },
  ],
  trend: [
    { month: '2026-01', count: 4, fcr: { yes: 2, known: 3, rate: 2 / 3 } },
    { month: '2026-02', count: 2, fcr: none },
  ],
  fcr: { yes: 3, known: 4, rate: 0.75, compare: { yes: 1, known: 2, rate: 0.5 } },
  repeats: { count: 2, rate: 2 / 6 },
  escalations: { count: 2, reviewed: 1, justified: 1, justifiedShare: 1 },
  malicious: { count: 1 },
  deadlines: {
    entered: { yes: 4, known: 5, rate: 0.8 },
    handled: { yes: 2, known: 3, rate: 2 / 3 },
    result: { yes: 2, known: 2, rate: 1 },
    promises: { yes: 1, known: 2, rate: 0.5 },
  },
  callbacks: {
    closed: 4,
    reached: 3,
    coverage: 0.75,
    satisfaction: { known: 3, average: 4, distribution: { '1': 0, '2': 0, '3': 1, '4': 1, '5': 1 } },
  },
  accountability: {
    decided: 2,
    heldResponsible: 1,
    perPerson: [{ key: 'u2', count: 1, share: 1 }],
  },
  unavailable: {
    'totals.perVolume': 'no_volume',
    'breakdowns.region': 'not_recorded',
    'breakdowns.customerLevel': 'not_recorded',
  },
};
