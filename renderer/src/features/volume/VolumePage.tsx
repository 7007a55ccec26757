import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../i18n';
import type { VolumeImportResult, VolumeList } from '../../../../shared/contract/methods/volume';
import { VOLUME_UNITS, type VolumeUnit } from '../../../../shared/domain/volume/payloads';
import { getDeskApi } from '../../bridge';
import { callDesk } from '../../lib/desk';
import { formatDateTime } from '../../lib/format';
import { applyFieldErrors } from '../../lib/formErrors';
import { onCtrlEnter } from '../../lib/keys';
import { showError, showSuccess } from '../../lib/notify';
import { fmtVolume } from './format';
import './volume.css';

interface RecordValues {
  month: Dayjs | null;
  unit: VolumeUnit;
  value: number | null;
}

type Row = { month: string } & Partial<Record<VolumeUnit, VolumeList['figures'][number]>>;

/**
 * 业务量 / Business volume (issue 14 item 2; supervisors and administrators):
 * the branch's figures as a month × unit table (a cell opens its figure in
 * the form above to edit or take back), the form to record one month's
 * figure, and a box to paste lines `month,unit,value` (checked first; any
 * error saves nothing, each bad line named).
 */
export function VolumePage() {
  const { t } = useTranslation();
  const locale = useLocale((s) => s.locale);
  const [list, setList] = useState<VolumeList | null>(null);
  const [form] = Form.useForm<RecordValues>();
  const [busy, setBusy] = useState(false);
  const [text, setText] = useState('');
  const [preview, setPreview] = useState<VolumeImportResult | null>(null);
  const [importErrors, setImportErrors] = useState<string[]>([]);

  const load = useCallback(async () => {
    const r = await callDesk('volume.list', {});
    if (r.ok) setList(r.value);
    else showError(r.error);
  }, []);
  useEffect(() => {
    let stale = false;
    void callDesk('volume.list', {}).then((r) => {
      if (stale) return;
      if (r.ok) setList(r.value);
      else showError(r.error);
    });
    const stop = getDeskApi().subscribe((e) => {
      if (e.type === 'volume.changed') void load();
    });
    return () => {
      stale = true;
      stop();
    };
  }, [load]);

  const unitName = (u: VolumeUnit) => t(`volume.units.${u}`);
  const rows = useMemo<Row[]>(() => {
    const byMonth = new Map<string, Row>();
    for (const f of list?.figures ?? []) {
      const row = byMonth.get(f.period) ?? { month: f.period };
      row[f.unit] = f;
      byMonth.set(f.period, row);
    }
    return [...byMonth.values()];
  }, [list]);

  async function record(v: RecordValues, value: number | null) {
    if (!v.month) return;
    const month = v.month.format('YYYY-MM');
    setBusy(true);
    const r = await callDesk('volume.record', { period: month, unit: v.unit, value });
    setBusy(false);
    if (!r.ok) {
      applyFieldErrors(form, r.error.fields ?? {}, ['value']);
      showError(r.error);
      return;
    }
    setList(r.value);
    showSuccess(t(value === null ? 'volume.cleared' : 'volume.recorded', { month, unit: unitName(v.unit) }));
  }

  async function importText(apply: boolean) {
    setBusy(true);
    const r = await callDesk('volume.import', { text, apply });
    setBusy(false);
    if (!r.ok) {
      setPreview(null);
      setImportErrors(Object.values(r.error.fields ?? {}));
      showError(r.error);
      return;
    }
    setImportErrors([]);
    setPreview(r.value);
    if (apply) {
      showSuccess(t('volume.imported', { changes: r.value.changes }));
      setText('');
      setPreview(null);
      void load();
    }
  }

  const edit = (unit: VolumeUnit, month: string, value: number) => {
    form.setFieldsValue({ month: dayjs(`${month}-01`), unit, value });
    form.focusField('value');
  };

  return (
    <div className="ld-volume" data-testid="volume-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('volume.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('volume.intro')}</Typography.Paragraph>
      {list && list.flags > 0 ? (
        <Alert
          type="warning"
          showIcon
          title={t('volume.flags', { n: list.flags })}
          style={{ marginBottom: 12 }}
        />
      ) : null}
      <Form<RecordValues>
        form={form}
        layout="inline"
        disabled={busy}
        initialValues={{ month: dayjs().subtract(1, 'month'), unit: 'transactions', value: null }}
        onFinish={(v) => void record(v, v.value)}
        onKeyDown={(e) => onCtrlEnter(e, () => form.submit())}
        className="ld-volume-form"
      >
        <Form.Item
          name="month"
          label={t('volume.month')}
          rules={[{ required: true, message: t('common.required', { field: t('volume.month') }) }]}
        >
          <DatePicker picker="month" format="YYYY-MM" allowClear={false} data-testid="volume-month" />
        </Form.Item>
        <Form.Item name="unit" label={t('volume.unit')}>
          <Select
            style={{ width: 220 }}
            options={VOLUME_UNITS.map((u) => ({ value: u, label: unitName(u) }))}
            data-testid="volume-unit"
          />
        </Form.Item>
        <Form.Item
          name="value"
          label={t('volume.value')}
          rules={[{ required: true, message: t('common.required', { field: t('volume.value') }) }]}
        >
          <InputNumber min={0} style={{ width: 160 }} data-testid="volume-value" />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="volume-record">
              {t('volume.record')}
            </Button>
            <Button
              onClick={() => void record(form.getFieldsValue(), null)}
              data-testid="volume-clear"
              disabled={busy}
            >
              {t('volume.clear')}
            </Button>
          </Space>
        </Form.Item>
      </Form>
      <Table<Row>
        size="small"
        rowKey="month"
        pagination={{ pageSize: 12, hideOnSinglePage: true }}
        dataSource={rows}
        locale={{ emptyText: t('volume.empty') }}
        data-testid="volume-table"
        columns={[
          { title: t('volume.month'), dataIndex: 'month', width: 100 },
          ...VOLUME_UNITS.map((u) => ({
            title: unitName(u),
            key: u,
            align: 'right' as const,
            render: (_: unknown, row: Row) => {
              const f = row[u];
              return f ? (
                <Button
                  type="link"
                  size="small"
                  title={t('volume.by', {
                    name: f.recordedBy.name ?? f.recordedBy.staffId,
                    at: formatDateTime(f.at),
                  })}
                  onClick={() => edit(u, row.month, f.value)}
                  data-testid={`volume-cell-${row.month}-${u}`}
                >
                  {fmtVolume(u, f.value, locale)}
                </Button>
              ) : (
                <span className="ld-muted">—</span>
              );
            },
          })),
        ]}
      />
      <Card size="small" title={t('volume.importTitle')} style={{ marginTop: 16 }}>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('volume.importHelp')}
        </Typography.Paragraph>
        <Input.TextArea
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setPreview(null);
            setImportErrors([]);
          }}
          autoSize={{ minRows: 3, maxRows: 8 }}
          placeholder={t('volume.importPlaceholder')}
          aria-label={t('volume.importText')}
          data-testid="volume-import-text"
        />
        {importErrors.length > 0 ? (
          <ul className="ld-volume-errors" data-testid="volume-import-errors">
            {importErrors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        ) : null}
        {preview ? (
          <Typography.Paragraph style={{ marginTop: 8 }} data-testid="volume-import-preview">
            {t('volume.previewOk', { lines: preview.lines.length, changes: preview.changes })}
          </Typography.Paragraph>
        ) : null}
        <Space style={{ marginTop: 8 }}>
          <Button
            onClick={() => void importText(false)}
            disabled={busy || text.trim() === ''}
            data-testid="volume-import-check"
          >
            {t('volume.check')}
          </Button>
          <Button
            type="primary"
            onClick={() => void importText(true)}
            disabled={busy || preview === null || preview.changes === 0}
            data-testid="volume-import-apply"
          >
            {t('volume.apply')}
          </Button>
        </Space>
      </Card>
    </div>
  );
}
