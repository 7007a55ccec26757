/**
 * The customer's attributes recorded at intake (issue 14 item 1: region,
 * customer level, shared with another business line) as lines of the case
 * view's facts panel: only those recorded, names from the organisation's
 * lists in the viewer's language (a code taken off the list shows as is).
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../../../shared/contract/methods/cases';
import { useLocale } from '../../i18n';
import { listItemName, type AnalysisListName } from '../../../../shared/domain/settings/lists';
import { useAnalysisLists } from '../../stores/analysisLists';

interface Item {
  key: string;
  label: string;
  children: React.ReactNode;
}

/** Called before the page knows its case (hooks run on every render): no line while `detail` is null. */
export function useAttributeItems(detail: CaseDetail | null): Item[] {
  const { t } = useTranslation();
  const locale = useLocale((s) => s.locale);
  const lists = useAnalysisLists((s) => s.view?.lists);
  const a = detail?.attributes;
  const wanted = a !== undefined && (a.region !== null || a.customerLevel !== null);
  useEffect(() => {
    if (wanted) void useAnalysisLists.getState().load();
  }, [wanted]);
  if (!a) return [];
  // The code itself until the organisation's lists have loaded (never a built-in name they may have renamed).
  const name = (list: AnalysisListName, code: string) =>
    lists ? listItemName(lists, list, code, locale) : code;
  const items: Item[] = [];
  if (a.region !== null)
    items.push({
      key: 'region',
      label: t('attributes.region'),
      children: <span data-testid="case-region">{name('regions', a.region)}</span>,
    });
  if (a.customerLevel !== null)
    items.push({
      key: 'customerLevel',
      label: t('attributes.customerLevel'),
      children: <span data-testid="case-customer-level">{name('customerLevels', a.customerLevel)}</span>,
    });
  if (a.sharedCustomer !== null)
    items.push({
      key: 'sharedCustomer',
      label: t('attributes.sharedCustomer'),
      children: (
        <span data-testid="case-shared-customer">
          {a.sharedCustomer ? t('attributes.yes') : t('attributes.no')}
        </span>
      ),
    });
  return items;
}
