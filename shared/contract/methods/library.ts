/**
 * DeskApi methods of the case library (issue 12 item 6, docs/library.md):
 * library entries written from closed cases (案例库), standard answers
 * (应答口径) and prepared plans (预案) per category. Writing is a supervisor's
 * or an administrator's act (and the library fold gives anyone else's event
 * no effect); reading and searching is for anyone signed in.
 */
import { z } from 'zod';
import { LIMITS } from '../../domain/kernel/limits';
import { LIBRARY_KINDS, LIBRARY_LIMITS } from '../../domain/library/payloads';
import { id, type MethodTable } from './common';

const WRITERS = ['supervisor', 'admin'] as const;

const title = z.string().max(LIBRARY_LIMITS.title);
const category = z.string().min(1).max(LIBRARY_LIMITS.category);

export const LibraryKind = z.enum(LIBRARY_KINDS);

/** One library item as the desk shows it (entries, answers and plans alike). */
export const LibraryItemView = z.object({
  id,
  kind: LibraryKind,
  category: z.string(),
  /** An entry's theme, an answer's or plan's title. */
  title: z.string(),
  /** An answer's or plan's text ('' for an entry). */
  text: z.string(),
  /** An entry's parts ('' for answers and plans). */
  background: z.string(),
  details: z.string(),
  result: z.string(),
  discussion: z.string(),
  /** The closed case an entry was written from. */
  caseId: id.nullable(),
  /** Its number when this desk holds the case. */
  caseNumber: z.string().nullable(),
  createdBy: id,
  createdByName: z.string().nullable(),
  createdAt: z.string(),
  updatedBy: id,
  updatedByName: z.string().nullable(),
  updatedAt: z.string(),
  retired: z.boolean(),
});
export type LibraryItemView = z.infer<typeof LibraryItemView>;

export const LibrarySearchQuery = z
  .object({
    /** Words, each found in the item's title or texts (Chinese, pinyin-free: as written). */
    text: z.string().max(LIMITS.searchText).optional(),
    /** Items filed under this category, its parents (they apply to it) or its subcategories. */
    category: category.optional(),
    kind: LibraryKind.optional(),
    /** Retired items too (supervisors reviewing); default false. */
    includeRetired: z.boolean().optional(),
    limit: z.number().int().min(1).max(100).default(20),
    cursor: z.string().max(100).optional(),
  })
  .strict();
export type LibrarySearchQuery = z.input<typeof LibrarySearchQuery>;

export const LibrarySearchPage = z.object({
  /** Newest (last changed) first. */
  items: z.array(LibraryItemView),
  nextCursor: z.string().nullable(),
});
export type LibrarySearchPage = z.infer<typeof LibrarySearchPage>;

export const LibraryForCategory = z.object({
  /** The category's answers and plans, then its parents', nearest first; newest first within one category. */
  answers: z.array(LibraryItemView),
  plans: z.array(LibraryItemView),
});
export type LibraryForCategory = z.infer<typeof LibraryForCategory>;

export const libraryMethods = {
  /** Writes a library entry (new, or `entryId` to edit one), from a closed case when `caseId` is given. */
  'library.writeEntry': {
    input: z
      .object({
        entryId: id.optional(),
        caseId: id.nullable().optional(),
        theme: title,
        background: z.string().max(LIBRARY_LIMITS.part),
        details: z.string().max(LIBRARY_LIMITS.part),
        result: z.string().max(LIBRARY_LIMITS.part),
        discussion: z.string().max(LIBRARY_LIMITS.part),
        category,
      })
      .strict(),
    output: LibraryItemView,
    auth: WRITERS,
  },
  /** Sets a standard answer (应答口径) of a category: new, or `answerId` to replace one. */
  'library.setAnswer': {
    input: z
      .object({
        answerId: id.optional(),
        category,
        title,
        text: z.string().max(LIBRARY_LIMITS.text),
      })
      .strict(),
    output: LibraryItemView,
    auth: WRITERS,
  },
  /** Sets a prepared plan (预案) of a category: new, or `planId` to replace one. */
  'library.setPlan': {
    input: z
      .object({
        planId: id.optional(),
        category,
        title,
        text: z.string().max(LIBRARY_LIMITS.text),
      })
      .strict(),
    output: LibraryItemView,
    auth: WRITERS,
  },
  /** Retires an entry, answer or plan for good (it stays in the log). */
  'library.retire': {
    input: z.object({ itemId: id }).strict(),
    output: LibraryItemView,
    auth: WRITERS,
  },
  'library.search': { input: LibrarySearchQuery, output: LibrarySearchPage, auth: 'any' },
  'library.get': { input: z.object({ itemId: id }).strict(), output: LibraryItemView, auth: 'any' },
  /** The answers and plans that apply to a case of `category`: its own and its parents'. */
  'library.forCategory': {
    input: z.object({ category }).strict(),
    output: LibraryForCategory,
    auth: 'any',
  },
} satisfies MethodTable;
