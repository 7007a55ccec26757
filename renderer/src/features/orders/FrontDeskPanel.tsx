/**
 * The front desk's part of the order view (issue 11, O5b), in one piece the
 * order view mounts: record an extra fault found during work (ExtraFaultForm
 * in a dialog), the customer's answer for each added item still waiting
 * (ConsentDialog), the release checks (ReleaseDeskChecks) and the two slips.
 */
import { useState } from 'react';
import { Button, Card, List, Modal, Space, Tag } from 'antd';
import { PlusOutlined, PrinterOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { OrderDetail } from '../../../../shared/contract/methods/orders';
import { useNav } from '../../stores/nav';
import { useLocale } from '../../i18n';
import { ConsentDialog } from './ConsentDialog';
import { ExtraFaultForm } from './ExtraFaultForm';
import { formatYuan } from './orderItems';
import { ReleaseDeskChecks } from './ReleaseDeskChecks';
import { itemFen } from './slipParts';

export interface FrontDeskPanelProps {
  order: OrderDetail;
  /** Something was recorded: the order as it is now. */
  onDone: (order: OrderDetail) => void;
}

export function FrontDeskPanel({ order, onDone }: FrontDeskPanelProps) {
  const { t } = useTranslation();
  const locale = useLocale((s) => s.locale);
  const go = useNav((s) => s.go);
  const [adding, setAdding] = useState(false);
  const [asking, setAsking] = useState<string | null>(null);
  const waiting = order.items.filter((i) => i.status === 'waiting_consent');
  const open = order.released === null;

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="front-desk-panel">
      <Card
        size="small"
        title={t('orderForms.frontDeskTitle')}
        extra={
          <Space wrap>
            {open ? (
              <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="extra-fault-open">
                {t('orderForms.faultOpen')}
              </Button>
            ) : null}
            <Button
              icon={<PrinterOutlined />}
              onClick={() => go({ name: 'orderSlip', id: order.id, slip: 'order' })}
              data-testid="print-order-slip"
            >
              {t('orderForms.printOrder')}
            </Button>
            <Button
              icon={<PrinterOutlined />}
              onClick={() => go({ name: 'orderSlip', id: order.id, slip: 'release' })}
              data-testid="print-release-slip"
            >
              {t('orderForms.printRelease')}
            </Button>
          </Space>
        }
      >
        {waiting.length === 0 ? (
          <span className="ld-muted">{t('orderForms.noneWaiting')}</span>
        ) : (
          <List
            size="small"
            header={t('orderForms.waitingTitle', { n: waiting.length })}
            dataSource={waiting}
            data-testid="consent-waiting"
            renderItem={(it) => (
              <List.Item
                actions={[
                  <Button
                    key="ask"
                    size="small"
                    type="primary"
                    onClick={() => setAsking(it.itemId)}
                    data-testid={`consent-open-${it.itemId}`}
                  >
                    {t('orderForms.consentOpen')}
                  </Button>,
                ]}
              >
                <Space>
                  <span>{it.title}</span>
                  {it.safety ? <Tag color="red">{t('orderForms.safetyShort')}</Tag> : null}
                  <span className="ld-muted">{formatYuan(itemFen(it), locale)}</span>
                </Space>
              </List.Item>
            )}
          />
        )}
      </Card>
      <ReleaseDeskChecks order={order} onDone={onDone} />
      <Modal
        open={adding}
        title={t('orderForms.faultTitle', { number: order.number })}
        footer={null}
        width={960}
        onCancel={() => setAdding(false)}
        destroyOnHidden
      >
        <ExtraFaultForm
          order={order}
          onCancel={() => setAdding(false)}
          onDone={(next, itemId) => {
            setAdding(false);
            onDone(next);
            // The customer is usually asked at once: the answer's dialog opens for the new item.
            if (itemId) setAsking(itemId);
          }}
        />
      </Modal>
      <ConsentDialog
        order={order}
        open={asking !== null}
        itemId={asking ?? undefined}
        onClose={() => setAsking(null)}
        onDone={(next) => {
          setAsking(null);
          onDone(next);
        }}
      />
    </Space>
  );
}
