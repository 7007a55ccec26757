/** Limits shared by the contract and the core so both refuse the same inputs. */
export const LIMITS = {
  shortText: 200,
  longText: 4000,
  phone: 32,
  reason: 1000,
  noteText: 4000,
  searchText: 100,
  pageSize: 200,
} as const;
