/**
 * Opening a rectification item (a supervisor's act): what it is for (a main
 * category, a category, a failure point or a quality gap, prefilled when
 * opened from a report or a case), the defect, the measure, the owner and
 * the due date. Field refusals from the core are shown at their fields.
 */
import { useMemo, useState } from 'react';
import { DatePicker, Form, Input, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { RectView } from '../../../../shared/contract/methods/rectification';
import type { StaffSummary } from '../../../../shared/contract/methods/staff';
import { QUALITY_GAPS } from '../../../../shared/domain/cases/tags';
import {
  RECT_LIMITS,
  RECT_SCOPE_DIMS,
  type RectScopeDim,
} from '../../../../shared/domain/rectification/payloads';
import { useLocale } from '../../i18n';
import { CategoryPicker } from '../../lib/CategoryPicker';
import { callDesk } from '../../lib/desk';
import { useScript } from '../../stores/script';
import { settle } from '../handling/followUpShared';
import { useFailurePoints } from '../handling/CaseTagsCard';

/** Named as the method's input, so the core's field refusals land at their fields. */
interface Values {
  scope: { dim: RectScopeDim; value: string | undefined };
  defect: string;
  measure: string;
  owner: string | undefined;
  dueAt: Dayjs | undefined;
}

export function OpenRectDialog({
  prefill,
  staff,
  onClose,
  onOpened,
}: {
  prefill: { dim: RectScopeDim; value: string } | null;
  staff: StaffSummary[];
  onClose(): void;
  onOpened(item: RectView): void;
}) {
  const { t } = useTranslation();
  const locale = useLocale((s) => s.locale);
  const taxonomy = useScript((s) => s.taxonomy);
  const points = useFailurePoints();
  const [form] = Form.useForm<Values>();
  const dim =
    (Form.useWatch(['scope', 'dim'], form) as RectScopeDim | undefined) ?? prefill?.dim ?? 'category';
  const [busy, setBusy] = useState(false);
  const mains = useMemo(
    () =>
      (taxonomy?.categories ?? []).map((c) => ({
        value: c.value,
        label: locale === 'en' ? c.label.en : c.label['zh-CN'],
      })),
    [taxonomy, locale],
  );

  async function submit(v: Values) {
    if (busy || v.scope.value === undefined || v.owner === undefined || v.dueAt === undefined) return;
    setBusy(true);
    const r = await callDesk('rectification.open', {
      scope: { dim: v.scope.dim, value: v.scope.value },
      defect: v.defect,
      measure: v.measure,
      owner: v.owner,
      dueAt: v.dueAt.endOf('day').toISOString(),
    });
    setBusy(false);
    if (settle(r, form, ['scope.value', 'defect', 'measure', 'owner', 'dueAt'], t('rect.opened')) && r.ok)
      onOpened(r.value);
  }

  const required = (field: string) => [{ required: true, message: t('common.required', { field }) }];
  const valueInput =
    dim === 'category' ? (
      <CategoryPicker leavesOnly data-testid="rect-value" />
    ) : dim === 'mainCategory' ? (
      <Select options={mains} data-testid="rect-value" />
    ) : dim === 'failurePoint' ? (
      <Select
        options={points.map((p) => ({ value: p.code, label: locale === 'en' ? p.en : p.zh }))}
        data-testid="rect-value"
      />
    ) : (
      <Select
        options={QUALITY_GAPS.map((g) => ({ value: g, label: t(`caseTags.gaps.${g}`) }))}
        data-testid="rect-value"
      />
    );

  return (
    <Modal
      open
      title={t('rect.newItem')}
      okText={t('rect.open')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: busy, ...{ 'data-testid': 'rect-open-ok' } }}
      onOk={() => form.submit()}
      onCancel={() => !busy && onClose()}
      width={560}
      style={{ top: 16 }}
      destroyOnHidden
      wrapProps={{ 'data-testid': 'rect-open-dialog' }}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        size="small"
        initialValues={{
          scope: {
            dim: prefill?.dim ?? 'category',
            value: prefill && prefill.value !== '' ? prefill.value : undefined,
          },
          dueAt: dayjs().add(30, 'day'),
        }}
        onFinish={(v) => void submit(v)}
      >
        <div style={{ display: 'flex', gap: 8 }}>
          <Form.Item name={['scope', 'dim']} label={t('rect.scope')} style={{ width: 150 }}>
            <Select
              options={RECT_SCOPE_DIMS.map((d) => ({ value: d, label: t(`rect.dims.${d}`) }))}
              onChange={() => form.setFieldValue(['scope', 'value'], undefined)}
              data-testid="rect-dim"
            />
          </Form.Item>
          <Form.Item
            name={['scope', 'value']}
            label={t('rect.value')}
            style={{ flex: 1 }}
            rules={required(t('rect.value'))}
          >
            {valueInput}
          </Form.Item>
        </div>
        <Form.Item name="defect" label={t('rect.defect')} rules={required(t('rect.defect'))}>
          <Input.TextArea
            autoSize={{ minRows: 2, maxRows: 4 }}
            maxLength={RECT_LIMITS.text}
            data-testid="rect-defect"
          />
        </Form.Item>
        <Form.Item name="measure" label={t('rect.measure')} rules={required(t('rect.measure'))}>
          <Input.TextArea
            autoSize={{ minRows: 2, maxRows: 4 }}
            maxLength={RECT_LIMITS.text}
            data-testid="rect-measure"
          />
        </Form.Item>
        <div style={{ display: 'flex', gap: 8 }}>
          <Form.Item
            name="owner"
            label={t('rect.owner')}
            style={{ flex: 1 }}
            rules={required(t('rect.owner'))}
          >
            <Select
              showSearch
              optionFilterProp="label"
              options={staff.map((s) => ({ value: s.id, label: s.name }))}
              data-testid="rect-owner"
            />
          </Form.Item>
          <Form.Item
            name="dueAt"
            label={t('rect.dueAt')}
            style={{ width: 180 }}
            rules={required(t('rect.dueAt'))}
          >
            <DatePicker
              style={{ width: '100%' }}
              disabledDate={(d) => d.isBefore(dayjs(), 'day')}
              data-testid="rect-due"
            />
          </Form.Item>
        </div>
      </Form>
    </Modal>
  );
}
