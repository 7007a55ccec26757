/**
 * 导出 / Export on the case list (issue 13; docs/exports.md): supervisors
 * and administrators only (the core refuses anyone else). A small dialog:
 * the format, the list's current filters or a period received, then the
 * export runs as a job of the desk core with progress and cancel, and the
 * finished file downloads.
 */
import { useState } from 'react';
import { Button, DatePicker, Modal, Radio, Space, Typography } from 'antd';
import { ExportOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { ExportFormat, ExportStartInput } from '../../../../shared/contract/methods/exports';
import { useLocale } from '../../i18n';
import { callDesk } from '../../lib/desk';
import { formatCount } from '../../lib/format';
import { jobDialogFooter } from '../../lib/jobDialogFooter';
import { JobState } from '../../lib/jobState';
import { queryOf, useCases } from '../../stores/cases';
import { canOverride, useSession } from '../../stores/session';
import { useJobDialog } from '../../lib/useJobDialog';

type Scope = 'current' | 'period';

export function ExportButton() {
  const { t } = useTranslation();
  const staff = useSession((s) => s.staff);
  const [open, setOpen] = useState(false);
  if (!canOverride(staff)) return null;
  return (
    <>
      <Button icon={<ExportOutlined />} onClick={() => setOpen(true)} data-testid="export-open">
        {t('exports.button')}
      </Button>
      {open ? <ExportDialog onClose={() => setOpen(false)} /> : null}
    </>
  );
}

function ExportDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale((s) => s.locale);
  const filters = useCases((s) => s.filters);
  const [format, setFormat] = useState<ExportFormat>('xlsx');
  const [scope, setScope] = useState<Scope>('current');
  const [range, setRange] = useState<[Dayjs, Dayjs] | null>(null);
  const [missingRange, setMissingRange] = useState(false);
  const dialog = useJobDialog();
  const { job, active } = dialog;

  const query = queryOf(filters);
  const filtered = Object.keys(query).length > 0;

  async function start() {
    let input: ExportStartInput;
    if (scope === 'period') {
      if (!range) {
        setMissingRange(true);
        return;
      }
      const [a, b] = range;
      input = {
        format,
        period: { from: a.startOf('day').format(), to: b.add(1, 'day').startOf('day').format() },
      };
    } else {
      input = { format, filters: query };
    }
    await dialog.start(() => callDesk('export.start', input));
  }

  const footer = jobDialogFooter({
    dialog,
    t,
    ns: 'exports',
    testId: 'export',
    startIcon: <ExportOutlined />,
    onStart: () => void start(),
    onClose,
  });

  return (
    <Modal
      open
      title={t('exports.title')}
      onCancel={active ? undefined : onClose}
      closable={!active}
      maskClosable={false}
      footer={footer}
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="export-dialog">
        <div>
          <Typography.Text strong>{t('exports.format')}</Typography.Text>
          <div>
            <Radio.Group
              value={format}
              disabled={active}
              onChange={(e) => setFormat(e.target.value as ExportFormat)}
              data-testid="export-format"
            >
              <Radio value="xlsx">{t('exports.xlsxHint')}</Radio>
              <Radio value="csv">{t('exports.csvHint')}</Radio>
            </Radio.Group>
          </div>
        </div>
        <div>
          <Typography.Text strong>{t('exports.scope')}</Typography.Text>
          <Radio.Group
            value={scope}
            disabled={active}
            onChange={(e) => setScope(e.target.value as Scope)}
            style={{ display: 'flex', flexDirection: 'column', gap: 8, marginTop: 4 }}
            data-testid="export-scope"
          >
            <Radio value="current">{filtered ? t('exports.current') : t('exports.currentAll')}</Radio>
            <Radio value="period">{t('exports.period')}</Radio>
          </Radio.Group>
          {scope === 'period' ? (
            <div style={{ marginTop: 8, marginLeft: 24 }}>
              <DatePicker.RangePicker
                value={range}
                disabled={active}
                status={missingRange ? 'error' : undefined}
                onChange={(v) => {
                  const [a, b] = v ?? [];
                  setRange(a && b ? [a, b] : null);
                  setMissingRange(false);
                }}
                aria-label={t('exports.periodPick')}
                data-testid="export-period"
              />
              {missingRange ? (
                <Typography.Text type="danger" style={{ display: 'block' }}>
                  {t('exports.periodRequired')}
                </Typography.Text>
              ) : null}
            </div>
          ) : null}
        </div>
        <Typography.Text type="secondary">{t('exports.includes')}</Typography.Text>
        {job ? (
          <JobState
            job={job}
            ns="exports"
            testId="export"
            progressText={(j) =>
              t('exports.progress', {
                done: formatCount(j.progress.done, locale),
                total: formatCount(j.progress.total, locale),
              })
            }
            doneTitle={(j) => t('exports.done', { n: formatCount(j.result?.counts?.cases ?? 0, locale) })}
          />
        ) : null}
      </Space>
    </Modal>
  );
}
