/**
 * One cross-tab of the analysis (gender × main category, ...) as a table:
 * rows and columns by size, each cell its count and its share within its
 * row, shaded by that share. Each non-empty cell is a button that opens the
 * cases behind it (a keyboard user tabs to it).
 */
import { useTranslation } from 'react-i18next';
import type { AnalysisResult } from '../../../../shared/domain/analysis/report';
import { cellShade, crossTabModel, percent } from './chartOptions';
import type { DrillKeys } from './drill';
import type { DimLabel } from './labels';

interface Props {
  r: AnalysisResult;
  index: number;
  label: DimLabel;
  onDrill(keys: DrillKeys): void;
}

export function CrossTable({ r, index, label, onDrill }: Props) {
  const { t } = useTranslation();
  const m = crossTabModel(r, index);
  if (!m || m.rowKeys.length === 0) return null;
  return (
    <div className="ld-an-xtab-wrap">
      <table className="ld-an-xtab" data-testid={`analysis-crosstab-${m.rows}`}>
        <thead>
          <tr>
            <th scope="col">
              {t(`analysis.dim.${m.rows}` as 'analysis.dim.gender')} \{' '}
              {t(`analysis.dim.${m.cols}` as 'analysis.dim.gender')}
            </th>
            {m.colKeys.map((c, j) => (
              <th key={j} scope="col" title={label(m.cols, c)}>
                {label(m.cols, c)}
              </th>
            ))}
            <th scope="col">{t('analysis.crossTab.total')}</th>
          </tr>
        </thead>
        <tbody>
          {m.rowKeys.map((rk, i) => (
            <tr key={i}>
              <th scope="row" title={label(m.rows, rk)}>
                {label(m.rows, rk)}
              </th>
              {m.colKeys.map((ck, j) => {
                const cell = m.cells[i]?.[j] ?? { count: 0, share: 0 };
                const text = t('analysis.crossTab.cell', {
                  row: label(m.rows, rk),
                  col: label(m.cols, ck),
                  count: cell.count,
                  share: percent(cell.share),
                });
                return (
                  <td key={j} style={{ background: cellShade(cell.share) }}>
                    {cell.count > 0 ? (
                      <button
                        type="button"
                        className="ld-an-cell"
                        title={text}
                        aria-label={text}
                        onClick={() => onDrill({ [m.rows]: rk, [m.cols]: ck } as DrillKeys)}
                        data-testid="analysis-cell"
                      >
                        <span>{cell.count}</span>
                        <span className="ld-an-cell-share">{percent(cell.share)}</span>
                      </button>
                    ) : (
                      <span className="ld-an-cell-empty">·</span>
                    )}
                  </td>
                );
              })}
              <td className="ld-an-xtab-total">{m.rowTotals[i]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
