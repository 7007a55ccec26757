/**
 * `#/orders/report`: the repair shop's monthly QC report (issue 11, item 6;
 * docs/repair.md "Figures"). A month picker, the KPI tiles (each with its
 * definition on hover and, on paper, in the footnotes), the QC report's
 * tables; printable (orderReport.css: the header and the controls are not
 * printed). For supervisors, QC inspectors and administrators, as the desk
 * methods `order.kpis` and `order.qcReport` are.
 */
import { useEffect, useState } from 'react';
import { Alert, Button, DatePicker, Result, Space, Spin, Tooltip, Typography } from 'antd';
import { PrinterOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { Figure, OrderKpisView, QcReportView } from '../../../../shared/contract/methods/orderReports';
import type { ApiError } from '../../../../shared/contract/result';
import type { Role } from '../../../../shared/domain/kernel/roles';
import { useLocale } from '../../i18n';
import type { OrderReportKey } from '../../i18n/zh-CN';
import { callDesk } from '../../lib/desk';
import { formatDateTime, formatDateTimeIn } from '../../lib/format';
import { useNav } from '../../stores/nav';
import { useSession } from '../../stores/session';
import './orderReport.css';

/** `orderReport.<key>`, the key checked against the catalogue's texts (zh-CN.ts: ORDER_REPORT_ZH). */
const k = (key: OrderReportKey) => `orderReport.${key}` as const;

/** Who may read the shop's figures (the methods' auth). */
export function canReadOrderReport(role: Role | undefined): boolean {
  return role === 'supervisor' || role === 'qc' || role === 'admin';
}

/** A figure as a percentage with one decimal, or the words for n/a. */
export function percentText(f: Figure, na: string): string {
  return f.value === 'n/a' ? na : `${Math.round(f.value * 1000) / 10}%`;
}

export function QcReportPage() {
  const { t } = useTranslation();
  const role = useSession((s) => s.staff?.role);
  const go = useNav((s) => s.go);
  if (!canReadOrderReport(role)) {
    return (
      <Result
        status="403"
        title={<span data-testid="qc-report-forbidden">{t(k('forbidden'))}</span>}
        extra={
          <Button type="primary" autoFocus onClick={() => go({ name: 'work' })}>
            {t('work.mineTitle')}
          </Button>
        }
      />
    );
  }
  return <Report />;
}

interface Loaded {
  kpis: OrderKpisView;
  qc: QcReportView;
}

function Report() {
  const { t } = useTranslation();
  const locale = useLocale((s) => s.locale);
  const [month, setMonth] = useState(() => dayjs().format('YYYY-MM'));
  // Bumped by the reload button: the same month asked again.
  const [asked, setAsked] = useState(0);
  const want = `${month}|${locale}|${asked}`;
  const [data, setData] = useState<(Loaded & { key: string }) | null>(null);
  const [error, setError] = useState<(ApiError & { key: string }) | null>(null);
  const loading = data?.key !== want && error?.key !== want;

  // Load on a new month, on a language change (trade names come in the caller's language) and on reload.
  useEffect(() => {
    let live = true;
    void Promise.all([callDesk('order.kpis', { month }), callDesk('order.qcReport', { month })]).then(
      ([kr, qr]) => {
        if (!live) return;
        if (!kr.ok) return setError({ ...kr.error, key: want });
        if (!qr.ok) return setError({ ...qr.error, key: want });
        setError(null);
        setData({ kpis: kr.value, qc: qr.value, key: want });
      },
    );
    return () => {
      live = false;
    };
  }, [month, want]);

  return (
    <div className="ld-qc-page" data-testid="qc-report-page">
      <div className="ld-qc-head">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t(k('title'))}
        </Typography.Title>
        <span className="ld-qc-month-print">{month}</span>
        <span style={{ flex: 1 }} />
        <Space className="ld-qc-noprint">
          <label htmlFor="qc-report-month">{t(k('month'))}</label>
          <DatePicker
            id="qc-report-month"
            picker="month"
            allowClear={false}
            value={dayjs(`${month}-01`)}
            disabledDate={(d: Dayjs) => d.isAfter(dayjs(), 'month')}
            onChange={(d: Dayjs | null) => d && setMonth(d.format('YYYY-MM'))}
            data-testid="qc-report-month"
          />
          <Button
            icon={<ReloadOutlined />}
            onClick={() => setAsked((n) => n + 1)}
            data-testid="qc-report-reload"
          >
            {t(k('reload'))}
          </Button>
          <Button icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="qc-report-print">
            {t(k('print'))}
          </Button>
        </Space>
      </div>
      <Typography.Text type="secondary" className="ld-qc-noprint" style={{ fontSize: 12 }}>
        {t(k('intro'))}
      </Typography.Text>
      {error ? <Alert type="error" showIcon title={error.message} /> : null}
      {!data ? (
        loading ? (
          <Spin />
        ) : null
      ) : (
        <Spin spinning={loading}>
          <ReportBody data={data} />
        </Spin>
      )}
    </div>
  );
}

function ReportBody({ data }: { data: Loaded }) {
  const { t } = useTranslation();
  const { kpis, qc } = data;
  const na = t(k('na'));
  const days = kpis.reworkWindowDays;
  const tiles = [
    {
      key: 'firstTimeFix',
      label: 'kpiFirstTimeFix',
      figure: kpis.firstTimeFix,
      def: t(k('kpiFirstTimeFixDef'), { days }),
      note:
        kpis.firstTimeFix.windowOpen > 0 ? t(k('kpiWindowOpen'), { n: kpis.firstTimeFix.windowOpen }) : '',
    },
    { key: 'onTime', label: 'kpiOnTime', figure: kpis.onTimeDelivery, def: t(k('kpiOnTimeDef')), note: '' },
    {
      key: 'followUp',
      label: 'kpiFollowUp',
      figure: kpis.followUpInTime,
      def: t(k('kpiFollowUpDef')),
      note: kpis.followUpInTime.pending > 0 ? t(k('kpiPending'), { n: kpis.followUpInTime.pending }) : '',
    },
    { key: 'rework', label: 'kpiRework', figure: qc.rework, def: t(k('kpiReworkDef')), note: '' },
  ] as const;
  return (
    <div className="ld-qc-body">
      <div className="ld-qc-meta" data-testid="qc-report-meta">
        <span>{t(k('branch'), { name: qc.branchName, code: qc.branchCode })}</span>
        <span>
          {t(k('period'), {
            from: formatDateTimeIn(qc.from, qc.timeZone),
            to: formatDateTimeIn(qc.to, qc.timeZone),
            zone: qc.timeZone,
          })}
        </span>
        <span>{t(k('released'), { n: kpis.released })}</span>
      </div>
      <div className="ld-qc-tiles">
        {tiles.map((tile) => (
          <Tooltip key={tile.key} title={tile.def}>
            <div
              className="ld-qc-tile"
              tabIndex={0}
              aria-label={`${t(k(tile.label))}: ${tile.def}`}
              data-testid={`qc-kpi-${tile.key}`}
            >
              <span className="ld-qc-tile-value" data-testid="qc-kpi-value">
                {percentText(tile.figure, na)}
              </span>
              <span className="ld-qc-tile-label">{t(k(tile.label))}</span>
              <span className="ld-qc-tile-ratio">
                {t(k('ofTotal'), { n: tile.figure.numerator, d: tile.figure.denominator })}
              </span>
              {tile.note ? <span className="ld-qc-tile-note">{tile.note}</span> : null}
            </div>
          </Tooltip>
        ))}
      </div>
      <InspectionsTable qc={qc} />
      <FailureTables qc={qc} />
      <RefusedTable qc={qc} />
      <section className="ld-qc-printonly">
        <h5>{t(k('definitions'))}</h5>
        <ol>
          {tiles.map((tile) => (
            <li key={tile.key}>
              {t(k(tile.label))}: {tile.def}
            </li>
          ))}
        </ol>
        <p>{t(k('computedAt'), { at: formatDateTime(kpis.computedAt) })}</p>
      </section>
    </div>
  );
}

function InspectionsTable({ qc }: { qc: QcReportView }) {
  const { t } = useTranslation();
  const rows = ['self', 'process', 'final', 'total'] as const;
  return (
    <section className="ld-qc-section">
      <h5>{t(k('insTitle'))}</h5>
      <table className="ld-qc-table" data-testid="qc-inspections">
        <thead>
          <tr>
            <th>{t(k('insKind'))}</th>
            <th>{t(k('insPass'))}</th>
            <th>{t(k('insFail'))}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((kind) => (
            <tr
              key={kind}
              className={kind === 'total' ? 'ld-qc-total' : undefined}
              data-testid={`qc-inspections-${kind}`}
            >
              <td>{t(k(`ins_${kind}`))}</td>
              <td>{qc.inspections[kind].pass}</td>
              <td>{qc.inspections[kind].fail}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function CountTable({
  rows,
  head,
  testId,
}: {
  rows: { key: string; name: string; count: number }[];
  head: string;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <table className="ld-qc-table" data-testid={testId}>
      <thead>
        <tr>
          <th>{head}</th>
          <th>{t(k('failCount'))}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <td>{r.name}</td>
            <td>{r.count}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function FailureTables({ qc }: { qc: QcReportView }) {
  const { t } = useTranslation();
  return (
    <section className="ld-qc-section">
      <h5>{t(k('failTitle'))}</h5>
      {qc.itemFailures === 0 ? (
        <p data-testid="qc-failures-none">{t(k('failNone'))}</p>
      ) : (
        <>
          <p>{t(k('failTotal'), { n: qc.itemFailures })}</p>
          <div className="ld-qc-columns">
            <div>
              <h6>{t(k('failByItem'))}</h6>
              <CountTable
                testId="qc-failures-item"
                head={t(k('failItem'))}
                rows={qc.failuresByItem.map((r) => ({ key: r.title, name: r.title, count: r.count }))}
              />
            </div>
            <div>
              <h6>{t(k('failByTrade'))}</h6>
              <CountTable
                testId="qc-failures-trade"
                head={t(k('failTrade'))}
                rows={qc.failuresByTrade.map((r) => ({ key: r.trade, name: r.label, count: r.count }))}
              />
            </div>
            <div>
              <h6>{t(k('failByLead'))}</h6>
              <CountTable
                testId="qc-failures-lead"
                head={t(k('failLead'))}
                rows={qc.failuresByLead.map((r) => ({
                  key: r.lead ?? '',
                  name: r.lead === null ? t(k('failUnattributed')) : r.name || r.lead,
                  count: r.count,
                }))}
              />
            </div>
          </div>
        </>
      )}
    </section>
  );
}

function RefusedTable({ qc }: { qc: QcReportView }) {
  const { t } = useTranslation();
  const r = qc.refusedReleases;
  return (
    <section className="ld-qc-section">
      <h5>{t(k('refusedTitle'))}</h5>
      {r.count === 0 ? (
        <p data-testid="qc-refused-none">{t(k('refusedNone'))}</p>
      ) : (
        <>
          <p>{t(k('refusedSummary'), { count: r.count, orders: r.orders })}</p>
          <CountTable
            testId="qc-refused"
            head={t(k('refusedReason'))}
            rows={r.byReason.map((x) => ({
              key: x.code,
              name: t(k(`reason_${x.code}`)),
              count: x.count,
            }))}
          />
        </>
      )}
    </section>
  );
}
