/** The languages Loopdesk speaks, and text given in each of them. Runtime-neutral. */
import { z } from 'zod';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';

export const LocalizedText = z.object({ 'zh-CN': z.string().min(1), en: z.string().min(1) }).strict();
export type LocalizedText = z.infer<typeof LocalizedText>;

/** The text in `locale`, falling back to zh-CN (the locale every resource must carry). */
export function localize(text: LocalizedText, locale: Locale): string {
  return text[locale] || text[DEFAULT_LOCALE];
}
