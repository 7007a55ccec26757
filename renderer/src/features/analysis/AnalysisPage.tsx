/**
 * `#/analysis`: the supervisors' complaint analysis (issue 14, items 3 and
 * 4; docs/analysis.md): a period against its comparison period, the case
 * list's filters, the KPI tiles, the Pareto of main categories and the
 * reasons within the top three, the monthly trend with FCR, satisfaction,
 * every breakdown and the cross-tabs. A bar, a point or a cell opens the
 * case list with exactly the cases behind it (the `analysis` drill-down).
 * For supervisors and administrators, as `analysis.run` is. At 1366×768 the
 * tiles and the Pareto are on screen without scrolling.
 */
import { useEffect, useMemo } from 'react';
import { Alert, Button, DatePicker, Result, Select, Spin, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { BREAKDOWNS, type AnalysisResult, type Breakdown } from '../../../../shared/domain/analysis/report';
import { useCases } from '../../stores/cases';
import { useNav } from '../../stores/nav';
import { useSession } from '../../stores/session';
import { ReportMenu } from '../reports/ReportMenu';
import { useAnalysis } from './analysisStore';
import { AnalysisFilters } from './AnalysisFilters';
import {
  breakdownOf,
  paretoOption,
  subcategoryOption,
  satisfactionOption,
  trendOption,
  breakdownOption,
} from './chartOptions';
import { CrossTable } from './CrossTable';
import { drillOf, type DrillKeys } from './drill';
import { RectifyLinks, useOpenRectCounts } from './RectifyLinks';
import { EChart } from './EChart';
import { KpiTiles } from './KpiTiles';
import { RepairKpis } from './RepairKpis';
import { useChartText, useDimLabel } from './labels';
import { PRESETS, addDays, periodText, presetPeriods, type Preset } from './periods';
import './analysis.css';

/** Who may see the analysis (the method's auth). */
export function canSeeAnalysis(role: string | undefined): boolean {
  return role === 'supervisor' || role === 'admin';
}

export function AnalysisPage() {
  const { t } = useTranslation();
  const role = useSession((s) => s.staff?.role);
  const go = useNav((s) => s.go);
  if (!canSeeAnalysis(role)) {
    return (
      <Result
        status="403"
        title={<span data-testid="analysis-forbidden">{t('analysis.forbidden')}</span>}
        extra={
          <Button type="primary" autoFocus onClick={() => go({ name: 'work' })}>
            {t('work.mineTitle')}
          </Button>
        }
      />
    );
  }
  return <Dashboard />;
}

function Dashboard() {
  const { t } = useTranslation();
  const preset = useAnalysis((s) => s.preset);
  const custom = useAnalysis((s) => s.custom);
  const result = useAnalysis((s) => s.result);
  const loading = useAnalysis((s) => s.loading);
  const error = useAnalysis((s) => s.error);
  const { period, compare } = presetPeriods(preset, dayjs().format('YYYY-MM-DD'), custom ?? undefined);

  // First visit: the case list's filters; every visit: the figures as they are now.
  useEffect(() => {
    const a = useAnalysis.getState();
    a.seed(useCases.getState().filters);
    void a.loadStaff();
    void a.load();
  }, []);

  const range: [Dayjs, Dayjs] = [dayjs(period.fromDay), dayjs(addDays(period.toDay, -1))];

  return (
    <div className="ld-an-page" data-testid="analysis-page">
      <div className="ld-an-head">
        <Typography.Title level={4} style={{ margin: 0, whiteSpace: 'nowrap' }}>
          {t('analysis.title')}
        </Typography.Title>
        <Select<Preset>
          value={preset}
          onChange={(v) => useAnalysis.getState().setPreset(v)}
          aria-label={t('analysis.period')}
          popupMatchSelectWidth={false}
          style={{ width: 220 }}
          options={PRESETS.map((p) => ({ value: p, label: t(`analysis.preset.${p}`) }))}
          data-testid="analysis-preset"
        />
        <DatePicker.RangePicker
          value={range}
          allowClear={false}
          disabled={preset !== 'custom'}
          onChange={(v) => {
            const [start, end] = v ?? [];
            if (start && end)
              useAnalysis.getState().setPreset('custom', {
                fromDay: start.format('YYYY-MM-DD'),
                toDay: end.add(1, 'day').format('YYYY-MM-DD'),
              });
          }}
          aria-label={t('analysis.customRange')}
          style={{ width: 232 }}
          data-testid="analysis-range"
        />
        <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }} data-testid="analysis-compare">
          {compare ? t('analysis.compare', { period: periodText(compare) }) : ''}
        </Typography.Text>
        <Typography.Text type="secondary" className="ld-an-hint" title={t('analysis.drillHint')}>
          {t('analysis.drillHint')}
        </Typography.Text>
        <Button
          icon={<ReloadOutlined />}
          onClick={() => void useAnalysis.getState().load()}
          loading={loading}
          data-testid="analysis-reload"
        >
          {t('analysis.reload')}
        </Button>
        {/* The printed reports of what the page shows (issue 14 item 5). */}
        {result ? (
          <ReportMenu request={{ period: result.period, compare: result.compare, where: result.where }} />
        ) : null}
      </div>
      <AnalysisFilters />
      {error ? <Alert type="error" showIcon title={error.message} data-testid="analysis-error" /> : null}
      {result ? <Body r={result} /> : loading ? <Spin description={t('analysis.loading')} /> : null}
    </div>
  );
}

function Body({ r }: { r: AnalysisResult }) {
  const { t } = useTranslation();
  const text = useChartText();
  const label = useDimLabel();
  const go = useNav((s) => s.go);
  const drill = (keys: DrillKeys) => {
    useCases.getState().showOnly({ analysis: drillOf(r, keys) });
    go({ name: 'list' });
  };
  const options = useMemo(
    () => ({
      pareto: paretoOption(r, text),
      subs: subcategoryOption(r, text),
      trend: trendOption(r, text),
      satisfaction: satisfactionOption(r, text),
      accountability: breakdownOption(r.accountability.perPerson, 'responsible', text),
      breakdowns: Object.fromEntries(BREAKDOWNS.map((b) => [b, breakdownOf(r, b, text)])) as Record<
        Breakdown,
        ReturnType<typeof breakdownOf>
      >,
    }),
    [r, text],
  );
  const keys = (title: string) => t('analysis.chart.keys', { title });
  const subRows = r.subcategories.reduce((n, s) => n + s.rows.length, 0);
  const openRects = useOpenRectCounts();

  return (
    <div className="ld-an-body" data-testid="analysis-body">
      <KpiTiles r={r} />
      {r.totals.count === 0 ? (
        <Typography.Text type="secondary" data-testid="analysis-empty">
          {t('analysis.noCase')}
        </Typography.Text>
      ) : null}
      <div className="ld-an-row">
        <Card title={t('analysis.section.pareto')} grow={3} testId="analysis-pareto-card">
          <EChart
            option={options.pareto}
            height={212}
            label={keys(t('analysis.section.pareto'))}
            onDrill={drill}
            testId="analysis-pareto"
          />
          {/* Issue 14 item 7: from the figures to a rectification item. */}
          <RectifyLinks
            dim="mainCategory"
            keys={r.categories.rows.map((c) => c.key)}
            label={label}
            open={openRects?.mainCategory}
          />
        </Card>
        <Card title={t('analysis.section.subcategories')} grow={2}>
          <EChart
            option={options.subs}
            height={236}
            label={keys(t('analysis.section.subcategories'))}
            onDrill={drill}
            testId="analysis-subcategories"
          />
          {subRows === 0 ? <span className="ld-an-none">{t('analysis.none')}</span> : null}
        </Card>
      </div>
      <div className="ld-an-row">
        <Card title={t('analysis.section.trend')} grow={3}>
          <EChart
            option={options.trend}
            height={220}
            label={keys(t('analysis.section.trend'))}
            onDrill={drill}
            testId="analysis-trend"
          />
        </Card>
        <Card title={t('analysis.section.satisfaction')} grow={1}>
          {r.callbacks.satisfaction.known === 0 ? (
            <span className="ld-an-none">{t('analysis.none')}</span>
          ) : (
            <EChart option={options.satisfaction} height={220} label={t('analysis.section.satisfaction')} />
          )}
        </Card>
        <Card title={t('analysis.section.accountability')} grow={1}>
          {r.unavailable['accountability'] ? (
            <span className="ld-an-missing">{t('analysis.notRecorded')}</span>
          ) : r.accountability.perPerson.length === 0 ? (
            <span className="ld-an-none">{t('analysis.none')}</span>
          ) : (
            <EChart
              option={options.accountability}
              height={barsHeight(r.accountability.perPerson.length)}
              label={keys(t('analysis.section.accountability'))}
              onDrill={drill}
            />
          )}
        </Card>
      </div>
      {/* The shop's work orders, where it has any (issue 14 item 3): below the fold, after the trend. */}
      <RepairKpis r={r} />
      <Typography.Title level={5} className="ld-an-section">
        {t('analysis.section.breakdowns')}
      </Typography.Title>
      <div className="ld-an-grid" data-testid="analysis-breakdowns">
        {BREAKDOWNS.map((b) => {
          const title = t(`analysis.dim.${b}`);
          // No escalation level is "not escalated", a figure in itself, not a value nobody recorded.
          const reason = r.unavailable[`breakdowns.${b}`];
          return (
            <Card key={b} title={title} testId={`analysis-breakdown-${b}`}>
              {reason ? (
                <span className="ld-an-missing" data-testid="analysis-not-recorded">
                  {reason === 'no_volume' ? t('analysis.noVolume') : t('analysis.notRecorded')}
                </span>
              ) : r.breakdowns[b].length === 0 ? (
                <span className="ld-an-none">{t('analysis.none')}</span>
              ) : (
                <>
                  <EChart
                    option={options.breakdowns[b]}
                    height={barsHeight(r.breakdowns[b].length)}
                    label={keys(title)}
                    onDrill={drill}
                  />
                  {b === 'failurePoint' ? (
                    <RectifyLinks
                      dim="failurePoint"
                      keys={r.breakdowns[b].map((x) => x.key)}
                      label={label}
                      open={openRects?.failurePoint}
                    />
                  ) : null}
                </>
              )}
            </Card>
          );
        })}
      </div>
      <Typography.Title level={5} className="ld-an-section">
        {t('analysis.section.crossTabs')}
      </Typography.Title>
      <div className="ld-an-xtabs">
        {r.crossTabs.map((x, i) => (
          <CrossTable key={`${x.rows}-${x.cols}`} r={r} index={i} label={label} onDrill={drill} />
        ))}
      </div>
    </div>
  );
}

/** A horizontal bar chart's height for `n` bars. */
const barsHeight = (n: number) => Math.max(64, Math.min(n, 12) * 24 + 12);

function Card({
  title,
  grow,
  testId,
  children,
}: {
  title: string;
  grow?: number;
  testId?: string;
  children: React.ReactNode;
}) {
  return (
    <section className="ld-an-card" style={grow ? { flex: `${grow} 1 0` } : undefined} data-testid={testId}>
      <h5 className="ld-an-card-title">{title}</h5>
      {children}
    </section>
  );
}
