/** The administrator's staff dialogs: add, change role, reset a PIN or password. */
import { Form, Input, Select, Typography, type SelectProps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { StaffDetail } from '../../../../shared/contract/methods/staff';
import { LIMITS } from '../../../../shared/domain/kernel/limits';
import { ROLES, SUPERVISING_ROLES, type Role } from '../../../../shared/domain/kernel/roles';
import { showSuccess } from '../../lib/notify';
import { FormDialog } from './FormDialog';
import { pinMinDigits, SecretFields, type SecretKind } from './SecretFields';
import { useStaff } from './staffStore';

interface AddValues {
  name: string;
  login: string;
  role: Role;
  secretKind: SecretKind;
  secret: string;
  secretConfirm: string;
}

/** A role picker; Form.Item hands it `value` and `onChange`. */
function RoleSelect({ testId, ...rest }: { testId: string } & SelectProps<Role>) {
  const { t } = useTranslation();
  return (
    <Select<Role>
      {...rest}
      data-testid={testId}
      options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
    />
  );
}

/** Inside the form, so the role can be watched (a watch from outside misses a form mounted later). */
function AddFields() {
  const { t } = useTranslation();
  const role = Form.useWatch<Role | undefined>('role', Form.useFormInstance());
  return (
    <>
      <div className="ld-two-cols">
        <Form.Item
          name="name"
          label={t('staff.name')}
          rules={[
            { required: true, whitespace: true, message: t('common.required', { field: t('staff.name') }) },
          ]}
        >
          <Input maxLength={LIMITS.shortText} autoComplete="off" data-testid="staff-add-name" />
        </Form.Item>
        <Form.Item
          name="login"
          label={t('staff.login')}
          extra={t('setup.adminLoginHelp')}
          rules={[
            { required: true, message: t('common.required', { field: t('staff.login') }) },
            { pattern: /^\s*[A-Za-z0-9_.-]{2,32}\s*$/, message: t('setup.loginInvalid') },
          ]}
        >
          <Input maxLength={32} autoComplete="off" spellCheck={false} data-testid="staff-add-login" />
        </Form.Item>
      </div>
      <Form.Item
        name="role"
        label={t('staff.role')}
        extra={
          role !== undefined && SUPERVISING_ROLES.includes(role) ? t('staff.supervisingHelp') : undefined
        }
        style={{ maxWidth: 252 }}
      >
        <RoleSelect testId="staff-add-role" />
      </Form.Item>
      <SecretFields minDigits={pinMinDigits(role)} testId="staff-add" />
    </>
  );
}

export function AddStaffDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<AddValues>();
  return (
    <FormDialog<AddValues>
      open={open}
      title={t('staff.addTitle')}
      okText={t('staff.add')}
      testId="staff-add-dialog"
      form={form}
      fields={['name', 'login', 'role', 'secretKind', 'secret']}
      firstField="name"
      initialValues={{ role: 'counter', secretKind: 'pin' }}
      onCancel={onClose}
      onSubmit={(v) =>
        useStaff.getState().act('staff.create', {
          name: v.name,
          login: v.login.trim(),
          role: v.role,
          secretKind: v.secretKind,
          secret: v.secret,
        })
      }
      onDone={() => {
        showSuccess(t('staff.added', { name: form.getFieldValue('name') as string }));
        onClose();
      }}
    >
      <AddFields />
    </FormDialog>
  );
}

interface RoleValues {
  role: Role;
  secretKind: SecretKind;
  secret: string;
  secretConfirm: string;
}

/** A change to supervisor or admin from another role: it needs a new secret meeting that role's rule. */
function promotes(member: StaffDetail | null, role: Role | undefined): boolean {
  return (
    member !== null &&
    role !== undefined &&
    SUPERVISING_ROLES.includes(role) &&
    !SUPERVISING_ROLES.includes(member.role)
  );
}

function RoleFields({ member }: { member: StaffDetail | null }) {
  const { t } = useTranslation();
  const role = Form.useWatch<Role | undefined>('role', Form.useFormInstance());
  return (
    <>
      <Typography.Paragraph type="secondary">
        {t('staff.roleCurrent', { role: member ? t(`roles.${member.role}`) : '' })}
      </Typography.Paragraph>
      <Form.Item name="role" label={t('staff.newRole')} style={{ maxWidth: 252 }}>
        <RoleSelect testId="staff-role-select" />
      </Form.Item>
      {promotes(member, role) ? (
        <>
          <Typography.Paragraph type="warning" data-testid="staff-role-needs-secret">
            {t('staff.promoteNeedsSecret')}
          </Typography.Paragraph>
          <SecretFields minDigits={6} testId="staff-role" fresh />
        </>
      ) : (
        <Typography.Paragraph type="secondary">{t('staff.roleSessionsEnd')}</Typography.Paragraph>
      )}
    </>
  );
}

export function RoleDialog({ member, onClose }: { member: StaffDetail | null; onClose(): void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<RoleValues>();
  return (
    <FormDialog<RoleValues>
      open={member !== null}
      title={t('staff.roleTitle', { name: member?.name ?? '' })}
      okText={t('staff.save')}
      testId="staff-role-dialog"
      form={form}
      fields={['role', 'secretKind', 'secret']}
      firstField="role"
      initialValues={{ role: member?.role, secretKind: 'pin' }}
      onCancel={onClose}
      onSubmit={(v) =>
        useStaff.getState().act('staff.changeRole', {
          staffId: member?.id ?? '',
          role: v.role,
          ...(promotes(member, v.role) ? { secretKind: v.secretKind, secret: v.secret } : {}),
        })
      }
      onDone={() => {
        showSuccess(t('staff.roleChanged', { name: member?.name ?? '' }));
        onClose();
      }}
    >
      <RoleFields member={member} />
    </FormDialog>
  );
}

interface ResetValues {
  secretKind: SecretKind;
  secret: string;
  secretConfirm: string;
}

export function ResetSecretDialog({ member, onClose }: { member: StaffDetail | null; onClose(): void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ResetValues>();
  return (
    <FormDialog<ResetValues>
      open={member !== null}
      title={t('staff.resetTitle', { name: member?.name ?? '' })}
      okText={t('staff.save')}
      testId="staff-reset-dialog"
      form={form}
      fields={['secretKind', 'secret']}
      firstField="secret"
      initialValues={{ secretKind: member?.secretKind ?? 'pin' }}
      onCancel={onClose}
      onSubmit={(v) =>
        useStaff.getState().act('staff.resetSecret', {
          staffId: member?.id ?? '',
          secretKind: v.secretKind,
          secret: v.secret,
        })
      }
      onDone={() => {
        showSuccess(t('staff.secretReset', { name: member?.name ?? '' }));
        onClose();
      }}
    >
      <Typography.Paragraph type="secondary">{t('staff.resetBody')}</Typography.Paragraph>
      <SecretFields minDigits={pinMinDigits(member?.role)} testId="staff-reset" fresh />
    </FormDialog>
  );
}
