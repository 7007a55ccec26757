/**
 * Step 6's contact count, read-only: the desk counts the contact records
 * (whatever is typed is ignored), so the step shows that number and offers to
 * record a contact in the follow-up card instead of a box to type into.
 */
import { Button, Space, Typography } from 'antd';
import { PhoneOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useFollowUpTab } from './followUpTab';
import { CONTACT_COUNT_FIELD } from './stepPace';

/** Re-exported: the field's key lives with the other pure step helpers. */
export { CONTACT_COUNT_FIELD };

export function ContactCountField({ id, count }: { id: string; count: number }) {
  const { t } = useTranslation();
  const showAndFocus = useFollowUpTab((s) => s.showAndFocus);
  return (
    <Space size={12} wrap>
      <Typography.Text strong id={id} data-testid={`step-field-${CONTACT_COUNT_FIELD}`} data-count={count}>
        {t('followUp.step6Count', { n: count })}
      </Typography.Text>
      <Button
        size="small"
        icon={<PhoneOutlined />}
        onClick={() => showAndFocus('contacts')}
        data-testid="step-record-contact"
      >
        {t('followUp.step6Record')}
      </Button>
    </Space>
  );
}
