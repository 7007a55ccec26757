/**
 * The actions tab of the follow-up card: what is to be done, by whom (a member
 * of staff or a department), by when, and whether it was done with what
 * result. Step 5's first recording adds its action here by itself; more are
 * added with the form (due not in the past) and marked done with a result.
 */
import { useState } from 'react';
import { Button, DatePicker, Form, Input, Select, Space, Tag, Typography } from 'antd';
import { CheckOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { CaseActionView, CaseDetail } from '../../../../shared/contract/methods/cases';
import type { StaffSummary } from '../../../../shared/contract/methods/staff';
import { LIMITS } from '../../../../shared/domain/kernel/limits';
import { formatDateTime } from '../../lib/format';
import { FIRST_CONTROL } from './followUpTab';
import { settle, useNow } from './followUpShared';
import { useOpenCase } from './openCase';
import { onCtrlEnter } from '../../lib/keys';

interface Values {
  what: string;
  owner: { kind: 'staff' | 'department'; staffId?: string; name?: string };
  dueAt?: Dayjs | null;
}

const PATHS = ['what', 'owner.staffId', 'owner.name', 'dueAt'] as const;

/** Hours and minutes of `d`'s day that lie before now (today only). */
function pastTimes(d: Dayjs | null) {
  const now = dayjs();
  if (!d || !d.isSame(now, 'day')) return {};
  return {
    disabledHours: () => Array.from({ length: now.hour() }, (_, h) => h),
    disabledMinutes: (h: number) =>
      h === now.hour() ? Array.from({ length: now.minute() + 1 }, (_, m) => m) : [],
  };
}

interface Props {
  detail: CaseDetail;
  me: StaffSummary | null;
  staff: StaffSummary[];
}

export function ActionsCard({ detail, me, staff }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const ownerKind = Form.useWatch(['owner', 'kind'], form) ?? 'staff';
  // Open ones first (soonest due first), then the done ones (latest first).
  const open = detail.actions.filter((a) => a.doneAt === null).sort((a, b) => (a.dueAt < b.dueAt ? -1 : 1));
  const done = detail.actions
    .filter((a) => a.doneAt !== null)
    .sort((a, b) => ((a.doneAt ?? '') < (b.doneAt ?? '') ? 1 : -1));
  const required = (field: string) => ({
    required: true,
    whitespace: true,
    message: t('followUp.actions.required', { field }),
  });

  async function submit(v: Values) {
    if (busy || !v.dueAt) return;
    setBusy(true);
    const owner =
      v.owner.kind === 'staff'
        ? { kind: 'staff' as const, staffId: v.owner.staffId ?? '' }
        : { kind: 'department' as const, name: (v.owner.name ?? '').trim() };
    const r = await useOpenCase.getState().write('case.action.add', {
      caseId: detail.id,
      what: v.what.trim(),
      owner,
      dueAt: v.dueAt.second(0).millisecond(0).toISOString(),
    });
    setBusy(false);
    if (settle(r, form, PATHS, t('followUp.actions.added'))) form.resetFields(['what', 'dueAt']);
  }

  return (
    <div data-testid="actions-tab">
      <Form<Values>
        form={form}
        layout="vertical"
        disabled={busy}
        initialValues={{ owner: { kind: 'staff', staffId: me?.id } }}
        onFinish={(v) => void submit(v)}
        onKeyDown={(e) => onCtrlEnter(e, () => form.submit())}
        className="ld-fu-form"
        data-testid="action-form"
      >
        <Form.Item
          name="what"
          label={t('followUp.actions.what')}
          htmlFor={FIRST_CONTROL.actions}
          rules={[required(t('followUp.actions.what'))]}
        >
          <Input
            id={FIRST_CONTROL.actions}
            maxLength={LIMITS.shortText}
            placeholder={t('followUp.actions.whatPlaceholder')}
            data-testid="action-what"
          />
        </Form.Item>
        <Form.Item label={t('followUp.actions.owner')} required>
          <Space.Compact block>
            <Form.Item name={['owner', 'kind']} noStyle>
              <Select<'staff' | 'department'>
                aria-label={t('followUp.actions.owner')}
                popupMatchSelectWidth={false}
                style={{ width: 'auto', minWidth: 76 }}
                options={[
                  { value: 'staff', label: t('followUp.actions.ownerStaff') },
                  { value: 'department', label: t('followUp.actions.ownerDepartment') },
                ]}
                data-testid="action-owner-kind"
              />
            </Form.Item>
            {ownerKind === 'staff' ? (
              <Form.Item
                name={['owner', 'staffId']}
                noStyle
                rules={[{ required: true, message: t('followUp.actions.ownerStaffPlaceholder') }]}
              >
                <Select<string>
                  showSearch={{ optionFilterProp: 'label' }}
                  placeholder={t('followUp.actions.ownerStaffPlaceholder')}
                  options={staff.map((s) => ({ value: s.id, label: s.name }))}
                  data-testid="action-owner-staff"
                />
              </Form.Item>
            ) : (
              <Form.Item
                name={['owner', 'name']}
                noStyle
                rules={[required(t('followUp.actions.ownerDepartmentPlaceholder'))]}
              >
                <Input
                  maxLength={LIMITS.shortText}
                  placeholder={t('followUp.actions.ownerDepartmentPlaceholder')}
                  data-testid="action-owner-department"
                />
              </Form.Item>
            )}
          </Space.Compact>
        </Form.Item>
        <div className="ld-fu-grid" style={{ alignItems: 'end' }}>
          <Form.Item
            name="dueAt"
            label={t('followUp.actions.due')}
            rules={[
              {
                required: true,
                message: t('followUp.actions.required', { field: t('followUp.actions.due') }),
              },
            ]}
          >
            <DatePicker
              showTime={{ format: 'HH:mm' }}
              format="YYYY-MM-DD HH:mm"
              placeholder={t('handling.selectDate')}
              disabledDate={(d) => d.isBefore(dayjs().startOf('day'))}
              disabledTime={(d) => pastTimes(d)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') e.preventDefault();
              }}
              style={{ width: '100%' }}
              data-testid="action-due"
            />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="action-submit">
              {t('followUp.actions.add')}
            </Button>
          </Form.Item>
        </div>
      </Form>
      {detail.actions.length === 0 ? (
        <Typography.Text type="secondary" className="ld-fu-empty">
          {t('followUp.actions.empty')}
        </Typography.Text>
      ) : (
        <ul className="ld-fu-list" data-testid="action-list">
          {[...open, ...done].map((a) => (
            <ActionItem key={a.id} caseId={detail.id} action={a} />
          ))}
        </ul>
      )}
    </div>
  );
}

function ActionItem({ caseId, action }: { caseId: string; action: CaseActionView }) {
  const { t } = useTranslation();
  const [finishing, setFinishing] = useState(false);
  const [form] = Form.useForm<{ result: string }>();
  const [busy, setBusy] = useState(false);
  const isDone = action.doneAt !== null;
  const now = useNow();
  const overdue = !isDone && Date.parse(action.dueAt) < now;

  async function finish(v: { result: string }) {
    if (busy) return;
    setBusy(true);
    const r = await useOpenCase
      .getState()
      .write('case.action.done', { caseId, actionId: action.id, result: v.result.trim() });
    setBusy(false);
    if (settle(r, form, ['result'], t('followUp.actions.doneSaved'))) setFinishing(false);
  }

  return (
    <li data-testid="action-item" data-done={isDone ? 'true' : 'false'} data-action-id={action.id}>
      <div className="ld-fu-line" style={{ justifyContent: 'space-between' }}>
        <Typography.Text strong={!isDone} delete={false} className="ld-fu-what">
          {action.what}
        </Typography.Text>
        {isDone ? (
          <Tag color="green" style={{ marginInlineEnd: 0 }} icon={<CheckOutlined />}>
            {t('followUp.actions.done')}
          </Tag>
        ) : !finishing ? (
          <Button size="small" onClick={() => setFinishing(true)} data-testid="action-done">
            {t('followUp.actions.markDone')}
          </Button>
        ) : null}
      </div>
      <div className="ld-muted ld-fu-meta">
        {action.ownerName} ·{' '}
        {isDone
          ? t('followUp.actions.doneAt', { at: formatDateTime(action.doneAt) })
          : t('followUp.actions.dueAt', { at: formatDateTime(action.dueAt) })}
        {overdue ? (
          <Tag color="red" style={{ marginInlineStart: 6 }}>
            {t('followUp.actions.overdue')}
          </Tag>
        ) : null}
      </div>
      {isDone && action.result ? (
        <div className="ld-fu-note">{t('followUp.timeline.result', { result: action.result })}</div>
      ) : null}
      {finishing ? (
        <Form
          form={form}
          layout="vertical"
          disabled={busy}
          onFinish={(v) => void finish(v)}
          onKeyDown={(e) => onCtrlEnter(e, () => form.submit())}
          style={{ marginTop: 6 }}
          data-testid="action-done-form"
        >
          <Form.Item
            name="result"
            rules={[
              {
                required: true,
                whitespace: true,
                message: t('followUp.actions.required', { field: t('followUp.actions.result') }),
              },
            ]}
            style={{ marginBottom: 6 }}
          >
            <Input.TextArea
              autoFocus
              aria-label={t('followUp.actions.result')}
              placeholder={t('followUp.actions.resultPlaceholder')}
              maxLength={LIMITS.longText}
              autoSize={{ minRows: 2, maxRows: 5 }}
              onKeyDown={(e) => {
                if (e.key === 'Escape') setFinishing(false);
              }}
              data-testid="action-result"
            />
          </Form.Item>
          <Space size={8}>
            <Button type="primary" size="small" htmlType="submit" loading={busy} data-testid="action-done-ok">
              {t('followUp.actions.confirmDone')}
            </Button>
            <Button size="small" onClick={() => setFinishing(false)}>
              {t('common.cancel')}
            </Button>
          </Space>
        </Form>
      ) : null}
    </li>
  );
}
