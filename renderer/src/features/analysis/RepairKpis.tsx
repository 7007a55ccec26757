/**
 * The repair KPIs card (./repairTiles.ts): below the trend row, so at
 * 1366×768 the headline tiles and the Pareto stay on screen without
 * scrolling. Nothing when the shop has no work order in the period.
 */
import { useTranslation } from 'react-i18next';
import type { AnalysisResult } from '../../../../shared/domain/analysis/report';
import { formatCount } from '../../lib/format';
import { useLabels } from '../../lib/labels';
import { repairTiles } from './repairTiles';

export function RepairKpis({ r }: { r: AnalysisResult }) {
  const { t } = useTranslation();
  const locale = useLabels().locale;
  const tiles = repairTiles(r, t, (x) => formatCount(x, locale));
  if (!tiles) return null;
  return (
    <section className="ld-an-card" data-testid="analysis-repair">
      <h5 className="ld-an-card-title">{t('analysis.repair.title')}</h5>
      <div className="ld-an-tiles ld-an-repair-tiles">
        {tiles.map((tile) => (
          <div
            key={tile.key}
            className="ld-an-tile"
            tabIndex={0}
            aria-label={`${tile.label}: ${tile.value}${tile.sub ? ` (${tile.sub})` : ''}`}
            data-testid={`analysis-repair-${tile.key}`}
          >
            <span className="ld-an-tile-label" title={tile.label}>
              {tile.label}
            </span>
            <span className="ld-an-tile-value" data-testid="analysis-kpi-value">
              {tile.value}
            </span>
            <span className="ld-an-tile-sub" title={tile.sub}>
              {tile.sub}
            </span>
          </div>
        ))}
      </div>
    </section>
  );
}
