/**
 * The case list's "more filters" (issue 12): repeat complaints, the nature at
 * close, first-contact resolution, escalation and malicious claims, in a compact popover so the filter
 * bar keeps to one line at 1366 px. The button says how many are set.
 *
 * Keyboard: Enter or Space on the button opens it and puts the focus on the
 * first filter; Tab moves through the filters; Esc closes it (a filter's own
 * open list first) and gives the focus back to the button.
 */
import { useRef, useState } from 'react';
import { Button, Popover, Select } from 'antd';
import { FilterOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { NATURES } from '../../../../shared/domain/cases/payloads';
import {
  judgmentFilterCount,
  useCases,
  type CaseFilters,
  type EscalationFilter,
  type MaliceFilter,
  type NatureFilter,
} from '../../stores/cases';

/** "all" stands for no filter in the selects. */
const ALL = 'all';
type RepeatChoice = 'repeat' | 'first';
type FcrChoice = 'yes' | 'no';
const ESCALATION_CHOICES: readonly EscalationFilter[] = [
  'escalated',
  'unreviewed',
  'supervisor',
  'region',
  'head_office',
];
const MALICE_CHOICES: readonly MaliceFilter[] = ['flagged', 'suspected', 'malicious', 'good_faith'];

const set = (patch: Partial<CaseFilters>) => useCases.getState().setFilters(patch);
const orNone = <T extends string>(v: T | typeof ALL): T | undefined => (v === ALL ? undefined : (v as T));

export function MoreFilters() {
  const { t } = useTranslation();
  const filters = useCases((s) => s.filters);
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const count = judgmentFilterCount(filters);

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  // The selects' lists open inside the popover: a choice there is not a click outside it.
  const inPanel = (node: HTMLElement) => panel.current ?? node.parentElement ?? document.body;
  const repeat: RepeatChoice | typeof ALL =
    filters.repeat === undefined ? ALL : filters.repeat ? 'repeat' : 'first';
  const fcr: FcrChoice | typeof ALL = filters.fcr === undefined ? ALL : filters.fcr ? 'yes' : 'no';

  const content = (
    <div
      ref={panel}
      className="ld-more-filters"
      data-testid="more-filters-panel"
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        // Esc in an open select closes that select's list only.
        if ((e.target as HTMLElement).getAttribute('aria-expanded') === 'true') return;
        e.preventDefault();
        close();
      }}
    >
      <label htmlFor="ld-filter-repeat">{t('listFilters.repeat')}</label>
      <Select<RepeatChoice | typeof ALL>
        id="ld-filter-repeat"
        value={repeat}
        onChange={(v) => set({ repeat: v === ALL ? undefined : v === 'repeat' })}
        getPopupContainer={inPanel}
        data-testid="filter-repeat"
        options={[
          { value: ALL, label: t('listFilters.all') },
          { value: 'repeat', label: t('listFilters.repeatOnly') },
          { value: 'first', label: t('listFilters.firstOnly') },
        ]}
      />
      <label htmlFor="ld-filter-nature">{t('nature.label')}</label>
      <Select<NatureFilter | typeof ALL>
        id="ld-filter-nature"
        value={filters.nature ?? ALL}
        onChange={(v) => set({ nature: orNone(v) })}
        getPopupContainer={inPanel}
        data-testid="filter-nature"
        options={[
          { value: ALL, label: t('listFilters.all') },
          ...NATURES.map((n) => ({ value: n, label: t(`nature.values.${n}`) })),
        ]}
      />
      <label htmlFor="ld-filter-fcr">{t('listFilters.fcr')}</label>
      <Select<FcrChoice | typeof ALL>
        id="ld-filter-fcr"
        value={fcr}
        onChange={(v) => set({ fcr: v === ALL ? undefined : v === 'yes' })}
        getPopupContainer={inPanel}
        data-testid="filter-fcr"
        options={[
          { value: ALL, label: t('listFilters.all') },
          { value: 'yes', label: t('listFilters.fcrYes') },
          { value: 'no', label: t('listFilters.fcrNo') },
        ]}
      />
      <label htmlFor="ld-filter-escalation">{t('escalation.title')}</label>
      <Select<EscalationFilter | typeof ALL>
        id="ld-filter-escalation"
        value={filters.escalation ?? ALL}
        onChange={(v) => set({ escalation: orNone(v) })}
        getPopupContainer={inPanel}
        data-testid="filter-escalation"
        options={[
          { value: ALL, label: t('listFilters.all') },
          ...ESCALATION_CHOICES.map((e) => ({
            value: e,
            label:
              e === 'escalated' || e === 'unreviewed'
                ? t(`listFilters.${e}`)
                : t('listFilters.atLevel', { level: t(`escalation.level.${e}`) }),
          })),
        ]}
      />
      <label htmlFor="ld-filter-malice">{t('listFilters.malice')}</label>
      <Select<MaliceFilter | typeof ALL>
        id="ld-filter-malice"
        value={filters.malice ?? ALL}
        onChange={(v) => set({ malice: orNone(v) })}
        getPopupContainer={inPanel}
        data-testid="filter-malice"
        options={[
          { value: ALL, label: t('listFilters.all') },
          ...MALICE_CHOICES.map((m) => ({
            value: m,
            label: m === 'flagged' ? t('listFilters.flagged') : t(`malice.status.${m}`),
          })),
        ]}
      />
      <div className="ld-more-filters-foot">
        <Button
          type="link"
          size="small"
          disabled={count === 0}
          onClick={() =>
            set({
              repeat: undefined,
              nature: undefined,
              fcr: undefined,
              escalation: undefined,
              malice: undefined,
            })
          }
          data-testid="more-filters-clear"
        >
          {t('listFilters.clear')}
        </Button>
      </div>
    </div>
  );

  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      placement="bottomRight"
      title={t('listFilters.title')}
      content={content}
      afterOpenChange={(v) => {
        // Onto the first filter, unless the clerk already went into one during the opening.
        const inside = panel.current?.contains(document.activeElement) ?? false;
        if (v && !inside) panel.current?.querySelector<HTMLElement>('input')?.focus();
      }}
    >
      <Button
        ref={button}
        icon={<FilterOutlined aria-hidden />}
        type={count > 0 ? 'primary' : 'default'}
        ghost={count > 0}
        aria-haspopup="dialog"
        aria-expanded={open}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && open) close();
        }}
        data-testid="filter-more"
        data-count={count}
      >
        {count > 0 ? t('listFilters.moreN', { n: count }) : t('listFilters.more')}
      </Button>
    </Popover>
  );
}
