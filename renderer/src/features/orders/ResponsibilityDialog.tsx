/**
 * The responsibility decision on a rework return (返修, issue 11): who
 * answers for the quality complaint (free text: a team lead's name, the
 * parts supplier ...; the branch's staff are offered as suggestions) and how
 * serious it is (`order.decideResponsibility`, supervisors and
 * administrators; the core refuses anyone else). A later decision replaces
 * the earlier one. Ctrl+Enter submits, Esc closes.
 */
import { useEffect, useRef, useState } from 'react';
import { AutoComplete, Button, Form, Input, Radio, Typography } from 'antd';
import { AuditOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { OrderDetail } from '../../../../shared/contract/methods/orders';
import type { StaffSummary } from '../../../../shared/contract/methods/staff';
import { LIMITS } from '../../../../shared/domain/kernel/limits';
import { callDesk } from '../../lib/desk';
import { escClosesDialog } from '../../lib/dialogEsc';
import { formatDateTime } from '../../lib/format';
import { watchesFlags } from '../../stores/orders';
import { FormDialog } from '../staff/FormDialog';

export const SEVERITIES = ['minor', 'major', 'serious'] as const;
type Severity = (typeof SEVERITIES)[number];

/** The responsible party's longest text (the contract's limit). */
const RESPONSIBLE_MAX = 64;

/** Who may decide: supervisors and administrators (as the core's authority table). */
export function mayDecideResponsibility(role: string | undefined): boolean {
  return watchesFlags(role);
}

/** Staff first by role as a complaint usually lands (team leads, then QC, then the rest), then by name. */
const ROLE_ORDER: Record<string, number> = { lead: 0, qc: 1, supervisor: 2, counter: 3, admin: 4 };

export function responsibleSuggestions(staff: readonly StaffSummary[], supplier: string): string[] {
  const names = [...staff]
    .sort(
      (a, b) =>
        (ROLE_ORDER[a.role] ?? 9) - (ROLE_ORDER[b.role] ?? 9) || a.name.localeCompare(b.name, 'zh-CN'),
    )
    .map((s) => s.name);
  return [...new Set([...names, supplier])];
}

interface Values {
  responsible: string;
  severity: Severity;
  note?: string;
}

interface Props {
  order: OrderDetail;
  open: boolean;
  onClose(): void;
  onDone(detail: OrderDetail): void;
}

export function ResponsibilityDialog({ order, open, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [staff, setStaff] = useState<StaffSummary[]>([]);
  // The write's answer for onDone (FormDialog closes on an ok result, then calls onDone).
  const answer = useRef<OrderDetail | null>(null);
  useEffect(() => {
    if (!open) return;
    let alive = true;
    void callDesk('staff.list', {}).then((r) => {
      if (alive && r.ok) setStaff(r.value);
    });
    return () => {
      alive = false;
    };
  }, [open]);
  const roleOf = new Map(staff.map((s) => [s.name, s.role]));
  const options = responsibleSuggestions(staff, t('orders.view2.resp.supplier')).map((name) => {
    const role = roleOf.get(name);
    return {
      value: name,
      label: (
        <span>
          {name}
          {role ? (
            <span className="ld-muted" style={{ marginInlineStart: 8, fontSize: 12 }}>
              {t(`roles.${role}`)}
            </span>
          ) : null}
        </span>
      ),
    };
  });
  const prior = order.responsibility;
  return (
    <FormDialog<Values>
      open={open}
      title={t('orders.view2.resp.title', { number: order.number })}
      okText={t('orders.view2.resp.ok')}
      testId="resp-dialog"
      form={form}
      fields={['responsible', 'severity', 'note']}
      firstField="responsible"
      initialValues={
        prior
          ? { responsible: prior.responsible, severity: prior.severity, note: prior.note }
          : { severity: 'minor' }
      }
      onCancel={onClose}
      onDone={() => {
        if (answer.current) onDone(answer.current);
        answer.current = null;
      }}
      onSubmit={async (v) => {
        const r = await callDesk('order.decideResponsibility', {
          orderId: order.id,
          responsible: v.responsible.trim(),
          severity: v.severity,
          note: v.note?.trim() ?? '',
        });
        if (r.ok) answer.current = r.value;
        return r;
      }}
    >
      <Typography.Paragraph type="secondary">{t('orders.view2.resp.intro')}</Typography.Paragraph>
      <Form.Item
        name="responsible"
        label={t('orders.view2.resp.responsible')}
        rules={[{ required: true, whitespace: true, message: t('orders.view2.resp.responsibleRequired') }]}
      >
        <AutoComplete
          options={options}
          // Esc: the suggestions close first, then the dialog (antd's quirk: lib/dialogEsc.ts).
          {...escClosesDialog(onClose)}
          filterOption={(input, option) =>
            String(option?.value ?? '')
              .toLowerCase()
              .includes(input.toLowerCase())
          }
        >
          <Input
            maxLength={RESPONSIBLE_MAX}
            placeholder={t('orders.view2.resp.responsibleHint')}
            autoComplete="off"
            data-testid="resp-responsible"
          />
        </AutoComplete>
      </Form.Item>
      <Form.Item
        name="severity"
        label={t('orders.view2.resp.severity')}
        rules={[{ required: true, message: t('orders.view2.resp.severityRequired') }]}
      >
        <Radio.Group
          optionType="button"
          data-testid="resp-severity"
          options={SEVERITIES.map((s) => ({ value: s, label: t(`orders.severity.${s}`) }))}
        />
      </Form.Item>
      <Form.Item name="note" label={t('orders.view2.resp.note')}>
        <Input.TextArea
          autoSize={{ minRows: 2, maxRows: 4 }}
          maxLength={LIMITS.longText}
          data-testid="resp-note"
        />
      </Form.Item>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('common.ctrlEnterHint')}
      </Typography.Text>
    </FormDialog>
  );
}

/** The decision in the order's header (who, how serious, the note, who decided), and the button for those who may. */
export function ResponsibilityView({
  order,
  role,
  names,
  onDecide,
}: {
  order: OrderDetail;
  role: string | undefined;
  names: ReadonlyMap<string, string>;
  onDecide(): void;
}) {
  const { t } = useTranslation();
  const r = order.responsibility;
  return (
    <span className="ld-orders-resp" data-testid="order-responsibility">
      {r ? (
        <span>
          <strong data-testid="resp-who">{r.responsible}</strong>
          {' · '}
          <span
            className={`ld-tag ld-tag-${r.severity === 'serious' ? 'red' : r.severity === 'major' ? 'gold' : 'plain'}`}
            data-testid="resp-severity-shown"
            data-severity={r.severity}
          >
            {t(`orders.severity.${r.severity}`)}
          </span>
          {r.note ? <span className="ld-orders-resp-note"> {r.note}</span> : null}
          <span className="ld-muted ld-orders-resp-by">
            {t('orders.view2.resp.by', {
              name: names.get(r.actor) ?? r.actor.slice(0, 8),
              at: formatDateTime(r.at),
            })}
          </span>
        </span>
      ) : (
        <span className="ld-muted">{t('orders.view2.resp.none')}</span>
      )}
      {mayDecideResponsibility(role) ? (
        <Button size="small" icon={<AuditOutlined />} onClick={onDecide} data-testid="resp-open">
          {r ? t('orders.view2.resp.change') : t('orders.view2.resp.open')}
        </Button>
      ) : null}
    </span>
  );
}
