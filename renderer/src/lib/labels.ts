/**
 * Labels that come from the handling script and taxonomy (LocalizedText), in
 * the current UI language. Unknown values are shown as they are.
 */
import { useMemo } from 'react';
import { type Locale, localize } from '../../../shared/domain/kernel/locale';
import { categoryLabel, categoryPathLabel, stepTitle } from '../../../shared/domain/cases/scriptRules';
import { useLocale } from '../i18n';
import { useScript } from '../stores/script';

export const SEVERITY_COLORS: Record<string, string> = {
  urgent: 'red',
  major: 'volcano',
  special: 'gold',
  general: 'default',
};

export const STATUS_COLORS: Record<string, string> = {
  new: 'gold',
  in_progress: 'processing',
  closed: 'success',
};

export interface Labels {
  locale: Locale;
  /** The category's own label, e.g. 增值业务订购. */
  category(value: string): string;
  /** With its ancestors, e.g. 通信 / 增值业务订购. */
  categoryPath(value: string): string;
  severity(value: string): string;
  channel(value: string): string;
  step(n: number): string;
}

export function useLabels(): Labels {
  const locale = useLocale((s) => s.locale);
  const script = useScript((s) => s.script);
  const taxonomy = useScript((s) => s.taxonomy);
  return useMemo(() => {
    const severities = new Map((taxonomy?.severities ?? []).map((s) => [s.value, localize(s.label, locale)]));
    const channels = new Map((taxonomy?.channels ?? []).map((c) => [c.value, localize(c.label, locale)]));
    // The list asks for the same few categories thousands of times: remember them.
    const categories = new Map<string, string>();
    return {
      locale,
      category(value) {
        if (!taxonomy) return value;
        let label = categories.get(value);
        if (label === undefined) {
          label = categoryLabel(taxonomy, value, locale);
          categories.set(value, label);
        }
        return label;
      },
      categoryPath: (value) => (taxonomy ? categoryPathLabel(taxonomy, value, locale) : value),
      severity: (value) => severities.get(value) ?? value,
      channel: (value) => channels.get(value) ?? value,
      step: (n) => (script ? stepTitle(script, n, locale) : String(n)),
    };
  }, [locale, script, taxonomy]);
}
