/**
 * Shared by the rectification screens (issue 14 item 7): the words of an
 * item's scope and state, and reading the list again when an item changed
 * (this window's write or one pulled by sync: `rectification.changed`).
 */
import { useEffect } from 'react';
import type { TFunction } from 'i18next';
import type { RectState, RectView } from '../../../../shared/contract/methods/rectification';
import type { FailurePointView } from '../../../../shared/contract/methods/cases';
import type { Locale } from '../../../../shared/domain/kernel/locale';
import { QUALITY_GAPS } from '../../../../shared/domain/cases/tags';
import { getDeskApi } from '../../bridge';
import type { Labels } from '../../lib/labels';

export const STATE_COLORS: Record<RectState, string> = {
  open: 'processing',
  overdue: 'error',
  done: 'success',
};

/** "投诉类别：银行 / 收费". */
export function scopeText(
  t: TFunction,
  labels: Labels,
  points: readonly FailurePointView[],
  locale: Locale,
  scope: RectView['scope'],
): string {
  return `${t(`rect.dims.${scope.dim}`)}${locale === 'en' ? ': ' : '：'}${scopeValueText(t, labels, points, locale, scope)}`;
}

export function scopeValueText(
  t: TFunction,
  labels: Labels,
  points: readonly FailurePointView[],
  locale: Locale,
  scope: RectView['scope'],
): string {
  switch (scope.dim) {
    case 'category':
    case 'mainCategory':
      return labels.categoryPath(scope.value);
    case 'failurePoint': {
      const p = points.find((x) => x.code === scope.value);
      return p === undefined ? scope.value : locale === 'en' ? p.en : p.zh;
    }
    case 'qualityGap':
      return (QUALITY_GAPS as readonly string[]).includes(scope.value)
        ? t(`caseTags.gaps.${scope.value as (typeof QUALITY_GAPS)[number]}`)
        : scope.value;
  }
}

/** Calls `reload` whenever a rectification item changed. */
export function useRectChanges(reload: () => void): void {
  useEffect(
    () =>
      getDeskApi().subscribe((e) => {
        if (e.type === 'rectification.changed') reload();
      }),
    [reload],
  );
}
