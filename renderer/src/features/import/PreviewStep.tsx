/**
 * The preview: how many rows were read, how many cases an import writes
 * (and how many of them the desk has already), how many rows have a problem;
 * the problems (row, field, message in the clerk's language) and a sample of
 * the cases as they would be written. The import's result replaces the
 * counts once it has run.
 */
import { Alert, Statistic, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { ImportPreviewView } from '../../../../shared/contract/methods/import';
import type { JobSummary } from '../../../../shared/contract/methods/jobs';
import { FIELD_LABELS } from '../../../../shared/domain/import/fields';
import { useLocale } from '../../i18n';
import { formatCount, formatDateTime } from '../../lib/format';
import { STATUS_COLORS, useLabels } from '../../lib/labels';
import { ScrollTable } from './ScrollTable';

type Problem = ImportPreviewView['problems'][number];
type Sample = ImportPreviewView['sample'][number];

/** `imported`: the import has run, its outcome above stands for the counts. */
export function PreviewStep({ preview, imported }: { preview: ImportPreviewView; imported: boolean }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const locale = labels.locale;
  const n = (x: number) => formatCount(x, locale);

  const problemColumns: ColumnsType<Problem> = [
    { title: t('importLog.row'), dataIndex: 'row', width: 80 },
    {
      title: t('importLog.unknownField'),
      key: 'field',
      width: 160,
      render: (_, p) => (p.field ? FIELD_LABELS[p.field][locale] : '—'),
    },
    { title: t('importLog.problem'), dataIndex: 'message' },
  ];
  const sampleColumns: ColumnsType<Sample> = [
    { title: t('importLog.row'), dataIndex: 'row', width: 64 },
    {
      title: FIELD_LABELS.receivedAt[locale],
      key: 'receivedAt',
      width: 150,
      render: (_, s) => formatDateTime(s.receivedAt),
    },
    { title: FIELD_LABELS.customerName[locale], dataIndex: 'customerName', width: 140, ellipsis: true },
    { title: FIELD_LABELS.phone[locale], dataIndex: 'phone', width: 130 },
    {
      title: FIELD_LABELS.channel[locale],
      key: 'channel',
      width: 110,
      render: (_, s) => labels.channel(s.channel),
    },
    {
      title: FIELD_LABELS.category[locale],
      key: 'category',
      ellipsis: true,
      render: (_, s) => labels.categoryPath(s.category),
    },
    {
      title: FIELD_LABELS.status[locale],
      key: 'status',
      width: 100,
      render: (_, s) => <Tag color={STATUS_COLORS[s.status]}>{t(`status.${s.status}`)}</Tag>,
    },
    {
      title: FIELD_LABELS.closedAt[locale],
      key: 'closedAt',
      width: 150,
      render: (_, s) => (s.closedAt ? formatDateTime(s.closedAt) : '—'),
    },
  ];

  const toWrite = Math.max(0, preview.cases - preview.already);
  return (
    <div className="ld-import-step" data-testid="import-preview">
      <div className="ld-import-counts" hidden={imported} data-testid="import-counts">
        <Statistic title={t('importLog.rows')} value={n(preview.rows)} data-testid="import-count-rows" />
        <Statistic
          title={t('importLog.toWrite')}
          value={n(toWrite)}
          styles={{ content: { color: '#1677ff' } }}
          data-testid="import-count-write"
        />
        <Statistic
          title={t('importLog.already')}
          value={n(preview.already)}
          data-testid="import-count-already"
        />
        <Statistic
          title={t('importLog.problemRows')}
          value={n(preview.problemRows)}
          styles={preview.problemRows > 0 ? { content: { color: '#cf1322' } } : undefined}
          data-testid="import-count-problems"
        />
      </div>
      <Tabs
        size="small"
        className="ld-import-tabs"
        defaultActiveKey={preview.problemCount > 0 ? 'problems' : 'sample'}
        items={[
          {
            key: 'problems',
            label: (
              <span data-testid="import-tab-problems">
                {t('importLog.problemsTab', { n: n(preview.problemCount) })}
              </span>
            ),
            children:
              preview.problemCount === 0 ? (
                <Alert type="success" showIcon title={t('importLog.noProblems')} />
              ) : (
                <>
                  {preview.problemCount > preview.problems.length ? (
                    <Typography.Text type="secondary">
                      {t('importLog.problemsCut', {
                        shown: n(preview.problems.length),
                        n: n(preview.problemCount),
                      })}
                    </Typography.Text>
                  ) : null}
                  <ScrollTable<Problem>
                    rowKey={(p, i) => `${p.row}-${p.field ?? ''}-${p.code}-${i ?? 0}`}
                    columns={problemColumns}
                    dataSource={preview.problems}
                    testId="import-problems"
                  />
                </>
              ),
          },
          {
            key: 'sample',
            label: (
              <span data-testid="import-tab-sample">
                {t('importLog.sampleTab', { n: n(preview.sample.length) })}
              </span>
            ),
            children: (
              <ScrollTable<Sample>
                rowKey="row"
                columns={sampleColumns}
                dataSource={preview.sample}
                testId="import-sample"
              />
            ),
          },
        ]}
      />
    </div>
  );
}

/** What an import wrote: its counts, or why it stopped. */
export function ImportOutcome({ job }: { job: JobSummary }) {
  const { t } = useTranslation();
  const locale = useLocale((s) => s.locale);
  const c = job.result?.counts ?? {};
  const n = (k: string) => formatCount(c[k] ?? 0, locale);
  if (job.state === 'done') {
    return (
      <Alert
        type="success"
        showIcon
        title={t('importLog.done', { written: n('written') })}
        description={t('importLog.doneDetail', {
          rows: n('rows'),
          already: n('already'),
          problems: n('problemRows'),
        })}
        style={{ padding: '8px 16px' }}
        data-testid="import-result"
      />
    );
  }
  if (job.state === 'cancelled') {
    return (
      <Alert
        type="info"
        showIcon
        title={t('importLog.cancelled', { written: n('written') })}
        data-testid="import-result"
      />
    );
  }
  return (
    <Alert
      type="error"
      showIcon
      title={t('importLog.failed')}
      description={job.error?.message}
      data-testid="import-result"
    />
  );
}
