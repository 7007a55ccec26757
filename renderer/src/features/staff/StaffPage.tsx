import { useEffect, useState } from 'react';
import { Alert, Button, Card, Result, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { TeamOutlined, UserAddOutlined, WarningOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { StaffDetail } from '../../../../shared/contract/methods/staff';
import { showError, showSuccess } from '../../lib/notify';
import { useNav } from '../../stores/nav';
import { useSession } from '../../stores/session';
import { ReasonDialog } from '../handling/ReasonDialog';
import { AddStaffDialog, ResetSecretDialog, RoleDialog } from './StaffDialogs';
import { StaffFlags } from './StaffFlags';
import { canManageStaff, useStaff } from './staffStore';

type Open = { kind: 'add' } | { kind: 'disable' | 'enable' | 'role' | 'reset'; member: StaffDetail } | null;

/** `#/settings/staff`: the branch's staff records (administrators only). */
export function StaffPage() {
  const { t } = useTranslation();
  const role = useSession((s) => s.staff?.role);
  const go = useNav((s) => s.go);

  if (!canManageStaff(role)) {
    return (
      <Result
        status="403"
        title={<span data-testid="staff-forbidden">{t('staff.forbiddenTitle')}</span>}
        subTitle={t('staff.forbiddenBody')}
        extra={
          <Button type="primary" autoFocus onClick={() => go({ name: 'list' })}>
            {t('common.back')}
          </Button>
        }
      />
    );
  }
  return <StaffAdmin />;
}

function StaffAdmin() {
  const { t } = useTranslation();
  const me = useSession((s) => s.staff?.id);
  const staff = useStaff((s) => s.staff);
  const loading = useStaff((s) => s.loading);
  const error = useStaff((s) => s.error);
  const [open, setOpen] = useState<Open>(null);
  const close = () => setOpen(null);

  useEffect(() => {
    void useStaff.getState().load();
    return () => useStaff.getState().clear();
  }, []);

  const shared = staff.filter((s) => s.loginShared);
  const sharedLogins = [...new Set(shared.map((s) => s.login))];

  async function setEnabled(member: StaffDetail, enabled: boolean, reason: string): Promise<boolean> {
    const r = enabled
      ? await useStaff.getState().act('staff.enable', { staffId: member.id })
      : await useStaff.getState().act('staff.disable', { staffId: member.id, reason });
    if (!r.ok) {
      showError(r.error);
      return false;
    }
    showSuccess(t(enabled ? 'staff.enabledDone' : 'staff.disabledDone', { name: member.name }));
    close();
    return true;
  }

  return (
    <div className="ld-settings-page" data-testid="staff-page">
      <Card
        title={
          <Space>
            <TeamOutlined />
            {t('staff.title')}
          </Space>
        }
        extra={
          <Button
            type="primary"
            icon={<UserAddOutlined />}
            onClick={() => setOpen({ kind: 'add' })}
            data-testid="staff-add"
          >
            {t('staff.add')}
          </Button>
        }
        styles={{ body: { paddingTop: 12 } }}
      >
        <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
          {t('staff.intro')}
        </Typography.Paragraph>
        {error ? <Alert type="error" showIcon title={error.message} style={{ marginBottom: 12 }} /> : null}
        {sharedLogins.length > 0 ? (
          <Alert
            type="warning"
            showIcon
            data-testid="staff-shared-alert"
            title={t('staff.sharedAlert', { logins: sharedLogins.join('、') })}
            description={t('staff.sharedHelp')}
            style={{ marginBottom: 12 }}
          />
        ) : null}
        <Table<StaffDetail>
          data-testid="staff-table"
          size="small"
          rowKey="id"
          loading={loading && staff.length === 0}
          dataSource={staff}
          pagination={false}
          onRow={(m) => ({ 'data-testid': 'staff-row', 'data-login': m.login }) as object}
          columns={[
            {
              title: t('staff.name'),
              dataIndex: 'name',
              render: (name: string, m) => (
                <span>
                  {name}
                  {m.id === me ? <Typography.Text type="secondary"> {t('staff.you')}</Typography.Text> : null}
                </span>
              ),
            },
            {
              title: t('staff.login'),
              dataIndex: 'login',
              render: (login: string, m) => (
                <Space size={4}>
                  <Typography.Text code>{login}</Typography.Text>
                  {m.loginShared ? (
                    <Tooltip title={t('staff.sharedHelp')}>
                      <Tag color="warning" icon={<WarningOutlined />} data-testid="staff-shared-mark">
                        {t('staff.shared')}
                      </Tag>
                    </Tooltip>
                  ) : null}
                </Space>
              ),
            },
            {
              title: t('staff.role'),
              dataIndex: 'role',
              render: (r: StaffDetail['role']) => <span data-testid="staff-role">{t(`roles.${r}`)}</span>,
            },
            {
              title: t('staff.state'),
              dataIndex: 'enabled',
              render: (enabled: boolean) => (
                <Tag color={enabled ? 'green' : 'default'} data-testid="staff-state">
                  {enabled ? t('staff.enabled') : t('staff.disabled')}
                </Tag>
              ),
            },
            {
              title: t('staff.actions'),
              key: 'actions',
              render: (_: unknown, m) => (
                <Space size={0} wrap>
                  <Button
                    type="link"
                    size="small"
                    disabled={m.id === me}
                    onClick={() => setOpen({ kind: 'role', member: m })}
                    data-testid="staff-change-role"
                  >
                    {t('staff.changeRole')}
                  </Button>
                  <Button
                    type="link"
                    size="small"
                    onClick={() => setOpen({ kind: 'reset', member: m })}
                    data-testid="staff-reset"
                  >
                    {m.secretKind === 'pin' ? t('staff.resetPin') : t('staff.resetPassword')}
                  </Button>
                  {m.enabled ? (
                    <Button
                      type="link"
                      size="small"
                      danger
                      disabled={m.id === me}
                      onClick={() => setOpen({ kind: 'disable', member: m })}
                      data-testid="staff-disable"
                    >
                      {t('staff.disable')}
                    </Button>
                  ) : (
                    <Button
                      type="link"
                      size="small"
                      onClick={() => setOpen({ kind: 'enable', member: m })}
                      data-testid="staff-enable"
                    >
                      {t('staff.enable')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <StaffFlags />
      <AddStaffDialog open={open?.kind === 'add'} onClose={close} />
      <RoleDialog member={open?.kind === 'role' ? open.member : null} onClose={close} />
      <ResetSecretDialog member={open?.kind === 'reset' ? open.member : null} onClose={close} />
      <ReasonDialog
        open={open?.kind === 'disable'}
        title={t('staff.disableTitle', { name: open && open.kind !== 'add' ? open.member.name : '' })}
        body={t('staff.disableBody')}
        okText={t('staff.disable')}
        danger
        reasonLabel={t('staff.disableReason')}
        testId="staff-disable-dialog"
        onCancel={close}
        onConfirm={(reason) =>
          open?.kind === 'disable' ? setEnabled(open.member, false, reason) : Promise.resolve(false)
        }
      />
      <ReasonDialog
        open={open?.kind === 'enable'}
        title={t('staff.enableTitle', { name: open && open.kind !== 'add' ? open.member.name : '' })}
        body={t('staff.enableBody')}
        okText={t('staff.enable')}
        testId="staff-enable-dialog"
        onCancel={close}
        onConfirm={() =>
          open?.kind === 'enable' ? setEnabled(open.member, true, '') : Promise.resolve(false)
        }
      />
    </div>
  );
}
