/**
 * The analysis's headline figures as tiles (issue 14; docs/analysis.md has
 * each definition): count and growth, per business volume, FCR against the
 * comparison period, repeats, escalations and the share judged justified,
 * malicious determinations, the three deadlines, promises kept, callback
 * coverage, satisfaction and accountability. A figure the analysis lists in
 * `unavailable` reads "not recorded" (or "no volume recorded"), never 0; a
 * rate with nothing to divide by reads "—".
 */
import { useTranslation } from 'react-i18next';
import type {
  AnalysisResult,
  RateFigure,
  UnavailableReason,
} from '../../../../shared/domain/analysis/report';
import { VOLUME_UNITS, type VolumeUnit } from '../../../../shared/domain/volume/payloads';
import { formatCount } from '../../lib/format';
import { useLabels } from '../../lib/labels';
import { percent } from './chartOptions';

interface Tile {
  key: string;
  label: string;
  value: string;
  sub: string;
  /** The value is a "not recorded" text, not a figure. */
  missing?: boolean;
}

export function KpiTiles({ r }: { r: AnalysisResult }) {
  const { t } = useTranslation();
  const locale = useLabels().locale;
  const n = (x: number) => formatCount(x, locale);
  const missing = (reason: UnavailableReason | undefined) =>
    reason === 'no_volume' ? t('analysis.noVolume') : t('analysis.notRecorded');
  const ofKnown = (f: RateFigure) => t('analysis.tile.ofKnown', { yes: n(f.yes), known: n(f.known) });
  const rateTile = (key: string, label: string, f: RateFigure): Tile => ({
    key,
    label,
    value: percent(f.rate),
    sub: ofKnown(f),
  });

  const { totals } = r;
  const growth = totals.growth === null ? '—' : `${totals.growth > 0 ? '+' : ''}${percent(totals.growth)}`;
  const pv = totals.perVolume;
  const unitText = (unit: string, per: number) =>
    (VOLUME_UNITS as readonly string[]).includes(unit)
      ? t(`analysis.unit.${unit as VolumeUnit}`)
      : t('analysis.unit.other', { per: n(per), unit });
  const sat = r.callbacks.satisfaction;

  const tiles: Tile[] = [
    {
      key: 'count',
      label: t('analysis.tile.count'),
      value: n(totals.count),
      sub:
        totals.compareCount === null
          ? t('analysis.tile.noCompare')
          : `${t('analysis.tile.countSub', { n: n(totals.compareCount) })} · ${t('analysis.tile.growth', { growth })}`,
    },
    pv && pv.rate !== null
      ? {
          key: 'perVolume',
          label: t('analysis.tile.perVolume'),
          value: `${Math.round(pv.rate * 100) / 100}`,
          sub: `${unitText(pv.unit, pv.per)} · ${t('analysis.tile.perVolumeSub', { volume: n(pv.volume) })}`,
        }
      : {
          key: 'perVolume',
          label: t('analysis.tile.perVolume'),
          value: missing(r.unavailable['totals.perVolume'] ?? 'no_volume'),
          sub: '',
          missing: true,
        },
    {
      ...rateTile('fcr', t('analysis.tile.fcr'), r.fcr),
      sub: r.fcr.compare
        ? `${ofKnown(r.fcr)} · ${t('analysis.tile.fcrCompare', { rate: percent(r.fcr.compare.rate) })}`
        : ofKnown(r.fcr),
    },
    {
      key: 'repeats',
      label: t('analysis.tile.repeats'),
      value: n(r.repeats.count),
      sub: t('analysis.tile.shareOfAll', { share: percent(r.repeats.rate) }),
    },
    {
      key: 'escalations',
      label: t('analysis.tile.escalations'),
      value: n(r.escalations.count),
      sub: t('analysis.tile.justified', {
        reviewed: n(r.escalations.reviewed),
        share: percent(r.escalations.justifiedShare),
      }),
    },
    { key: 'malicious', label: t('analysis.tile.malicious'), value: n(r.malicious.count), sub: '' },
    rateTile('entered', t('analysis.tile.entered'), r.deadlines.entered),
    rateTile('handled', t('analysis.tile.handled'), r.deadlines.handled),
    rateTile('result', t('analysis.tile.result'), r.deadlines.result),
    rateTile('promises', t('analysis.tile.promises'), r.deadlines.promises),
    {
      key: 'callbacks',
      label: t('analysis.tile.callbacks'),
      value: percent(r.callbacks.coverage),
      sub: t('analysis.tile.callbacksSub', {
        closed: n(r.callbacks.closed),
        reached: n(r.callbacks.reached),
      }),
    },
    {
      key: 'satisfaction',
      label: t('analysis.tile.satisfaction'),
      value: sat.average === null ? '—' : (Math.round(sat.average * 10) / 10).toFixed(1),
      sub: t('analysis.tile.satisfactionSub', { known: n(sat.known) }),
    },
    r.unavailable['accountability']
      ? {
          key: 'accountability',
          label: t('analysis.tile.accountability'),
          value: missing(r.unavailable['accountability']),
          sub: '',
          missing: true,
        }
      : {
          key: 'accountability',
          label: t('analysis.tile.accountability'),
          value: n(r.accountability.decided),
          sub: t('analysis.tile.accountabilitySub', { held: n(r.accountability.heldResponsible) }),
        },
  ];

  return (
    <div className="ld-an-tiles" data-testid="analysis-tiles">
      {tiles.map((tile) => (
        <div
          key={tile.key}
          className="ld-an-tile"
          tabIndex={0}
          aria-label={`${tile.label}: ${tile.value}${tile.sub ? ` (${tile.sub})` : ''}`}
          data-testid={`analysis-kpi-${tile.key}`}
        >
          <span className="ld-an-tile-label">{tile.label}</span>
          <span
            className={`ld-an-tile-value${tile.missing ? ' ld-an-missing' : ''}`}
            data-testid="analysis-kpi-value"
          >
            {tile.value}
          </span>
          <span className="ld-an-tile-sub" title={tile.sub}>
            {tile.sub}
          </span>
        </div>
      ))}
    </div>
  );
}
