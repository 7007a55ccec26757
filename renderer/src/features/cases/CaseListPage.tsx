import { memo, useCallback, useEffect, useRef, useState } from 'react';
import { Button, Empty, Spin, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import type { CaseSummary } from '../../../../shared/contract/methods/cases';
import { formatCount, formatDateTime } from '../../lib/format';
import { SEVERITY_COLORS, STATUS_COLORS, useLabels, type Labels } from '../../lib/labels';
import { hasActiveFilters, useCases } from '../../stores/cases';
import { useNav } from '../../stores/nav';
import { canHandle, useSession } from '../../stores/session';
import { GRID_ID, ListFilters } from './ListFilters';
import { JudgmentMarks } from './JudgmentMarks';
import { ExportButton } from '../exports/ExportButton';
import { ImportButton } from '../import/ImportButton';
import { shownCurrentStep } from '../handling/currentStep';
import { DrillChip } from '../analysis/DrillChip';

const ROW_HEIGHT = 36;
/** Tag colours of a case's deadline state (plain-span tags, see CaseRow). */
const DUE_COLORS: Record<NonNullable<CaseSummary['deadlineState']>, string> = {
  overdue: 'red',
  due_soon: 'gold',
  paused: 'purple',
  pending: 'default',
};
/** Start loading the next page when this many rows remain below the viewport. */
const PREFETCH_ROWS = 40;

/** Scroll position kept while the clerk looks at a case, restored on return. */
let savedScroll = 0;
let savedActive = 0;

/**
 * The case list: header with the count, filters, and the virtualised grid.
 * The three parts subscribe to the store separately, so scrolling the grid
 * (which re-renders on every frame) never re-renders the antd filter controls.
 */
export function CaseListPage() {
  // First visit: load; coming back: read again only if cases changed meanwhile.
  useEffect(() => {
    useCases.getState().shown();
    return () => useCases.getState().hidden();
  }, []);

  return (
    <div className="ld-list-page" data-testid="case-list-page">
      <ListHeader />
      <ListFilters />
      <DrillChip />
      <CaseGrid />
      <ListFooter />
    </div>
  );
}

function ListHeader() {
  const { t } = useTranslation();
  const locale = useLabels().locale;
  const staff = useSession((s) => s.staff);
  const go = useNav((s) => s.go);
  const total = useCases((s) => s.total);
  const totalCapped = useCases((s) => s.totalCapped);
  const loaded = useCases((s) => s.loaded);
  const n = formatCount(total, locale);
  const totalText = totalCapped ? t('cases.totalCapped', { n }) : t('cases.total', { count: total, n });

  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 12 }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('cases.title')}
      </Typography.Title>
      <Typography.Text type="secondary" data-testid="case-total" aria-live="polite">
        {loaded ? totalText : ''}
      </Typography.Text>
      <span style={{ flex: 1 }} />
      <ImportButton />
      <ExportButton />
      <Button
        icon={<ReloadOutlined />}
        onClick={() => void useCases.getState().reload()}
        aria-label={t('app.retry')}
        data-testid="case-reload"
      />
      {canHandle(staff) ? (
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => go({ name: 'new' })}
          data-testid="case-new"
        >
          {t('shell.newCase')}
        </Button>
      ) : null}
    </div>
  );
}

function ListFooter() {
  const { t } = useTranslation();
  const busy = useCases((s) => s.loading && s.loaded);
  return (
    <div className="ld-list-footer">
      <span>{busy ? t('cases.loading') : ''}</span>
      <span>{t('shell.shortcuts')}</span>
    </div>
  );
}

function CaseGrid() {
  const { t } = useTranslation();
  const labels = useLabels();
  const go = useNav((s) => s.go);
  const items = useCases((s) => s.items);
  const nextCursor = useCases((s) => s.nextCursor);
  const total = useCases((s) => s.total);
  const totalCapped = useCases((s) => s.totalCapped);
  const loading = useCases((s) => s.loading);
  const loadingMore = useCases((s) => s.loadingMore);
  const loaded = useCases((s) => s.loaded);
  const filtered = useCases((s) => hasActiveFilters(s.filters));

  const [active, setActive] = useState(savedActive);
  const bodyRef = useRef<HTMLDivElement>(null);

  const rowCount = items.length + (nextCursor ? 1 : 0);
  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => bodyRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    initialOffset: savedScroll,
  });
  const virtualRows = virtualizer.getVirtualItems();
  const lastVisible = virtualRows.length > 0 ? (virtualRows[virtualRows.length - 1]?.index ?? 0) : 0;

  // Load the next page by cursor when the clerk scrolls near the end.
  useEffect(() => {
    if (nextCursor && !loadingMore && !loading && lastVisible >= items.length - PREFETCH_ROWS) {
      void useCases.getState().loadMore();
    }
  }, [lastVisible, items.length, nextCursor, loadingMore, loading]);

  useEffect(
    () => () => {
      savedScroll = bodyRef.current?.scrollTop ?? 0;
    },
    [],
  );
  useEffect(() => {
    savedActive = active;
  }, [active]);

  // Stable, so rows that stay on screen while scrolling do not re-render.
  const openAt = useCallback(
    (index: number, c: CaseSummary) => {
      setActive(index);
      go({ name: 'case', id: c.id });
    },
    [go],
  );

  function moveActive(to: number) {
    if (items.length === 0) return;
    const next = Math.max(0, Math.min(items.length - 1, to));
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  }

  function onGridKey(e: React.KeyboardEvent<HTMLDivElement>) {
    const page = Math.max(1, Math.floor((bodyRef.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1);
    switch (e.key) {
      case 'ArrowDown':
        moveActive(active + 1);
        break;
      case 'ArrowUp':
        moveActive(active - 1);
        break;
      case 'PageDown':
        moveActive(active + page);
        break;
      case 'PageUp':
        moveActive(active - page);
        break;
      case 'Home':
        moveActive(0);
        break;
      case 'End':
        moveActive(items.length - 1);
        break;
      case 'Enter':
      case ' ': {
        const c = items[active];
        if (c) openAt(active, c);
        break;
      }
      default:
        return;
    }
    e.preventDefault();
  }

  return (
    <div className="ld-grid ld-case-grid" data-testid="case-list">
      <div className="ld-grid-row ld-grid-head" role="row">
        <div role="columnheader">{t('cases.col.number')}</div>
        <div role="columnheader">{t('cases.col.customer')}</div>
        <div role="columnheader">{t('cases.col.phone')}</div>
        <div role="columnheader">{t('cases.col.category')}</div>
        <div role="columnheader">{t('cases.col.severity')}</div>
        <div role="columnheader">{t('cases.col.status')}</div>
        <div role="columnheader">{t('listFilters.col')}</div>
        <div role="columnheader">{t('deadlines.col')}</div>
        <div role="columnheader">{t('cases.col.step')}</div>
        <div role="columnheader">{t('cases.col.received')}</div>
        <div role="columnheader">{t('cases.col.owner')}</div>
      </div>
      <div
        ref={bodyRef}
        id={GRID_ID}
        className="ld-grid-body"
        role="grid"
        aria-label={t('cases.listLabel')}
        aria-rowcount={totalCapped ? -1 : total}
        aria-activedescendant={items[active] ? `case-row-${items[active].id}` : undefined}
        tabIndex={0}
        onKeyDown={onGridKey}
        onFocus={() => {
          if (active >= items.length) setActive(0);
        }}
        data-testid="case-grid"
      >
        {loaded && items.length === 0 && !loading ? (
          <Empty
            className="ld-grid-empty"
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={filtered ? t('cases.empty') : t('cases.emptyAll')}
          />
        ) : null}
        {!loaded && loading ? (
          <div className="ld-grid-empty" style={{ textAlign: 'center' }}>
            <Spin description={t('cases.loading')} />
          </div>
        ) : null}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualRows.map((vr) => {
            const c = items[vr.index];
            if (!c) {
              return (
                <div
                  key="more"
                  className="ld-grid-row ld-muted"
                  style={{ transform: `translateY(${vr.start}px)`, cursor: 'default' }}
                >
                  <div>{t('cases.loadingMore')}</div>
                </div>
              );
            }
            return (
              <CaseRow
                key={c.id}
                c={c}
                top={vr.start}
                index={vr.index}
                active={vr.index === active}
                labels={labels}
                onOpen={openAt}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}

interface RowProps {
  c: CaseSummary;
  top: number;
  index: number;
  active: boolean;
  labels: Labels;
  onOpen(index: number, c: CaseSummary): void;
}

/**
 * One row. Memoised and free of antd components (plain spans styled as tags):
 * with 100,000 cases the list re-renders on every scroll frame, and only rows
 * entering the viewport should cost anything.
 */
const CaseRow = memo(function CaseRow({ c, top, index, active, labels, onOpen }: RowProps) {
  const { t } = useTranslation();
  return (
    <div
      id={`case-row-${c.id}`}
      role="row"
      aria-rowindex={index + 1}
      aria-selected={active}
      className={`ld-grid-row${active ? ' ld-active' : ''}`}
      style={{ transform: `translateY(${top}px)` }}
      onClick={() => onOpen(index, c)}
      data-testid="case-row"
      data-case-number={c.number}
    >
      <div role="gridcell" className="ld-grid-number">
        {c.number}
      </div>
      <div role="gridcell">{c.customerName}</div>
      <div role="gridcell">{c.customerPhone || '—'}</div>
      <div role="gridcell" title={labels.categoryPath(c.category)}>
        {labels.category(c.category)}
      </div>
      <div role="gridcell">
        <span className={`ld-tag ld-tag-${SEVERITY_COLORS[c.severity] ?? 'default'}`}>
          {labels.severity(c.severity)}
        </span>
      </div>
      <div role="gridcell">
        <span className={`ld-tag ld-tag-${STATUS_COLORS[c.status] ?? 'default'}`}>
          {t(`status.${c.status}`)}
        </span>
      </div>
      <JudgmentMarks c={c} />
      <div role="gridcell" data-testid="case-row-due" data-state={c.deadlineState ?? ''}>
        {c.deadlineState ? (
          <span className={`ld-tag ld-tag-${DUE_COLORS[c.deadlineState]}`}>
            {t(`work.state.${c.deadlineState}`)}
          </span>
        ) : null}
        {c.nextDueAt ? <span className="ld-grid-due">{formatDateTime(c.nextDueAt).slice(5)}</span> : null}
      </div>
      <div role="gridcell">
        {c.currentStep === null
          ? t('cases.stepDone')
          : shownCurrentStep(c) === null
            ? t('pace.closedEarly')
            : `${c.currentStep} · ${labels.step(c.currentStep)}`}
      </div>
      <div role="gridcell">{formatDateTime(c.receivedAt)}</div>
      <div role="gridcell">{c.ownerName}</div>
    </div>
  );
});
