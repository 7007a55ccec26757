import { Card, Space, Table, Typography } from 'antd';
import { ExclamationCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { StaffFlag } from '../../../../shared/contract/methods/staff';
import { formatDateTime } from '../../lib/format';
import { useStaff } from './staffStore';

/** The HLC's wall-clock part ("<ms>-<counter>") as an ISO time, or null. */
function hlcTime(hlc: string): string | null {
  const ms = Number(hlc.split('-')[0]);
  return Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString() : null;
}

const FLAG_TYPES = [
  'staff.created',
  'staff.disabled',
  'staff.enabled',
  'staff.roleChanged',
  'staff.secretReset',
  'staff.secretChanged',
] as const;

/**
 * Staff events that arrived (from this desk or another of the branch) but
 * were kept without effect, in words a supervisor understands: when, what,
 * for whom, by whom, from which device, and why it did not count.
 */
export function StaffFlags() {
  const { t } = useTranslation();
  const flags = useStaff((s) => s.flags);
  const staff = useStaff((s) => s.staff);
  const names = new Map(staff.map((m) => [m.id, `${m.name}（${m.login}）`]));
  const person = (id: string) => names.get(id) ?? t('staff.unknownPerson', { id: id.slice(0, 8) });
  // A `staff.created` that did not count has no record to name.
  const target = (id: string, f: StaffFlag) =>
    names.get(id) ?? (f.type === 'staff.created' ? t('staff.notCreated') : person(id));
  const typeLabel = (type: string) =>
    (FLAG_TYPES as readonly string[]).includes(type)
      ? t(`staff.flagType.${type.replace('staff.', '') as 'created'}`)
      : type;

  return (
    <Card
      size="small"
      title={
        <Space>
          <ExclamationCircleOutlined />
          {t('staff.flagsTitle')}
        </Space>
      }
      data-testid="staff-flags"
    >
      {flags.length === 0 ? (
        <Typography.Text type="secondary" data-testid="staff-flags-empty">
          {t('staff.flagsEmpty')}
        </Typography.Text>
      ) : (
        <>
          <Typography.Paragraph type="secondary">{t('staff.flagsIntro')}</Typography.Paragraph>
          <Table<StaffFlag>
            size="small"
            rowKey="eventId"
            pagination={false}
            dataSource={flags}
            onRow={() => ({ 'data-testid': 'staff-flag' }) as object}
            columns={[
              {
                title: t('staff.flagWhen'),
                dataIndex: 'at',
                render: (at: string) => formatDateTime(hlcTime(at)),
              },
              { title: t('staff.flagWhat'), dataIndex: 'type', render: typeLabel },
              { title: t('staff.flagFor'), dataIndex: 'staffId', render: target },
              { title: t('staff.flagBy'), dataIndex: 'actor', render: person },
              {
                title: t('staff.flagDevice'),
                dataIndex: 'device',
                render: (d: string) => <Typography.Text code>{d.slice(0, 8)}</Typography.Text>,
              },
              {
                title: t('staff.flagWhy'),
                dataIndex: 'reason',
                render: (r: StaffFlag['reason']) => t(`staff.flagReason.${r}`),
              },
            ]}
          />
        </>
      )}
    </Card>
  );
}
