import { useRef, useState, type KeyboardEvent } from 'react';
import { Alert, Button, Descriptions, Modal, Space, Tag, Typography } from 'antd';
import { FileTextOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { YearImportPreview } from '../../../../shared/contract/methods/settings';
import type { ApiError } from '../../../../shared/contract/result';
import { callDesk } from '../../lib/desk';
import { clearErrors, showError, showSuccess } from '../../lib/notify';
import { dateRanges } from './dateRanges';
import { useBranchSettings } from './settingsStore';
import { onCtrlEnter } from '../../lib/keys';

interface Props {
  open: boolean;
  onClose(): void;
}

type Format = 'json' | 'ics';

interface Chosen {
  name: string;
  format: Format;
  text: string;
}

/**
 * The text of a chosen file as the desk takes it: without a byte-order mark,
 * and with every line break a plain LF (the desk refuses a carriage return
 * anywhere in its input, and Windows files end their lines with CR LF).
 */
export function normaliseFileText(raw: string): string {
  return raw.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/** iCalendar by its extension or its first line, else JSON. */
export function formatOf(name: string, text: string): Format {
  if (/\.(ics|ical|ifb|icalendar)$/i.test(name)) return 'ics';
  if (/\.json$/i.test(name)) return 'json';
  return /^\s*BEGIN:VCALENDAR/i.test(text) ? 'ics' : 'json';
}

/**
 * 导入年度安排: an administrator picks a JSON or iCalendar file of a year's
 * official schedule; the desk parses it and answers a preview (the year, its
 * days off and make-up working days, what it replaces) without storing
 * anything; 保存此安排 sends it again to be applied. A refused file shows the
 * desk's reasons under the file chooser.
 */
export function ImportYearDialog({ open, onClose }: Props) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [preview, setPreview] = useState<YearImportPreview | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  function reset() {
    setChosen(null);
    setPreview(null);
    setFailure(null);
    setBusy(false);
    if (input.current) input.current.value = '';
  }

  async function onFile(file: File | undefined) {
    setPreview(null);
    setFailure(null);
    if (!file) return;
    let text: string;
    try {
      text = normaliseFileText(await file.text());
    } catch {
      setChosen(null);
      setFailure({ code: 'invalid_input', message: t('calendar.readFailed') });
      return;
    }
    const c = { name: file.name, format: formatOf(file.name, text), text };
    setChosen(c);
    if (text.trim() === '') {
      setFailure({ code: 'invalid_input', message: t('calendar.emptyFile') });
      return;
    }
    setBusy(true);
    const r = await callDesk('settings.calendar.importYear', { format: c.format, text, apply: false });
    setBusy(false);
    if (r.ok) setPreview(r.value);
    else setFailure(r.error);
  }

  async function apply() {
    if (!chosen || !preview) return;
    setBusy(true);
    const r = await callDesk('settings.calendar.importYear', {
      format: chosen.format,
      text: chosen.text,
      apply: true,
    });
    if (!r.ok) {
      setBusy(false);
      showError(r.error);
      return;
    }
    await useBranchSettings.getState().loadCalendar();
    clearErrors();
    showSuccess(t('calendar.applied', { year: r.value.year }));
    reset();
    onClose();
  }

  const reasons = failure?.fields ? Object.values(failure.fields) : [];

  return (
    <Modal
      open={open}
      title={t('calendar.importTitle')}
      width={640}
      okText={t('calendar.apply')}
      cancelText={t('common.cancel')}
      okButtonProps={{
        disabled: !preview,
        loading: busy && preview !== null,
        ...{ 'data-testid': 'cal-import-apply' },
      }}
      onOk={() => void apply()}
      onCancel={() => {
        if (busy) return;
        reset();
        onClose();
      }}
      destroyOnHidden
      // Ctrl+Enter applies the previewed year here, not the calendar page's edits around it.
      wrapProps={{
        'data-testid': 'cal-import-dialog',
        onKeyDown: (e: KeyboardEvent<HTMLElement>) =>
          onCtrlEnter(e, () => {
            if (!busy) void apply();
          }),
      }}
    >
      <Typography.Paragraph type="secondary">{t('calendar.importIntro')}</Typography.Paragraph>
      <Space style={{ marginBottom: 12 }}>
        <input
          ref={input}
          type="file"
          accept=".json,.ics,.ical,application/json,text/calendar"
          className="ld-sr-only"
          tabIndex={-1}
          onChange={(e) => void onFile(e.target.files?.[0])}
          data-testid="cal-import-file"
        />
        <Button
          icon={<FileTextOutlined />}
          autoFocus
          loading={busy && preview === null}
          onClick={() => input.current?.click()}
          data-testid="cal-import-choose"
        >
          {t('calendar.chooseFile')}
        </Button>
        {chosen ? (
          <Typography.Text data-testid="cal-import-name">
            {chosen.name} · {chosen.format === 'ics' ? 'iCalendar' : 'JSON'}
          </Typography.Text>
        ) : null}
      </Space>
      {failure ? (
        <Alert
          type="error"
          showIcon
          title={t('calendar.importFailed')}
          description={
            <div data-testid="cal-import-error">
              {reasons.length > 0 ? reasons.map((m) => <div key={m}>{m}</div>) : failure.message}
            </div>
          }
        />
      ) : null}
      {preview ? (
        <div data-testid="cal-import-preview">
          <Alert
            type={preview.replaces === 'none' ? 'info' : 'warning'}
            showIcon
            style={{ marginBottom: 12 }}
            title={
              <span data-testid="cal-import-replaces">
                {t(`calendar.replaces.${preview.replaces}`, { year: preview.year })}
              </span>
            }
          />
          <Descriptions
            size="small"
            column={1}
            bordered
            styles={{ label: { width: 170, whiteSpace: 'nowrap' } }}
          >
            <Descriptions.Item label={t('calendar.year')}>
              <span data-testid="cal-import-year">{preview.year}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('calendar.source')}>{preview.source}</Descriptions.Item>
            <Descriptions.Item label={t('calendar.previewDaysOff', { n: preview.counts.daysOff })}>
              <span className="ld-date-tags" data-testid="cal-import-daysoff">
                {dateRanges(preview.daysOff).map((r) => (
                  <Tag key={r} color="green">
                    {r}
                  </Tag>
                ))}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('calendar.previewMakeUp', { n: preview.counts.makeUpWorkdays })}>
              <span className="ld-date-tags" data-testid="cal-import-makeup">
                {preview.makeUpWorkdays.length === 0
                  ? t('calendar.none')
                  : dateRanges(preview.makeUpWorkdays).map((r) => (
                      <Tag key={r} color="orange">
                        {r}
                      </Tag>
                    ))}
              </span>
            </Descriptions.Item>
          </Descriptions>
        </div>
      ) : null}
    </Modal>
  );
}
