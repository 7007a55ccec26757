/**
 * The print view of a slip (route `orderSlip`, #/orders/<id>/slip or
 * /release-slip): the work order or the release slip on a page of its own,
 * in zh-CN or English (chosen here, whatever the screen's language), printed
 * with the browser's print (window.print(); slip.css hides everything else).
 */
import { useEffect, useState } from 'react';
import { Button, Result, Segmented, Space, Spin } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { OrderDetail } from '../../../../shared/contract/methods/orders';
import type { Locale } from '../../../../shared/domain/kernel/locale';
import { callDesk } from '../../lib/desk';
import { i18next, useLocale } from '../../i18n';
import { useNav } from '../../stores/nav';
import { useSession } from '../../stores/session';
import { useOrderTemplates } from './orderFormParts';
import { useStaffNames } from './orderParts';
import { OrderSlip } from './OrderSlip';
import { ReleaseSlip } from './ReleaseSlip';
import './slip.css';

export function OrderSlipPage({ orderId, slip }: { orderId: string; slip: 'order' | 'release' }) {
  const { t } = useTranslation();
  const screenLocale = useLocale((s) => s.locale);
  const [slipLocale, setSlipLocale] = useState<Locale>(screenLocale);
  const go = useNav((s) => s.go);
  const templates = useOrderTemplates();
  const names = useStaffNames();
  const status = useSession((s) => s.status);
  const [order, setOrder] = useState<OrderDetail | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void callDesk('order.get', { orderId }).then((r) => {
      if (!live) return;
      if (r.ok) setOrder(r.value);
      else setError(r.error.message);
    });
    return () => {
      live = false;
    };
  }, [orderId]);

  if (error) return <Result status="warning" title={error} />;
  if (!order || !templates) {
    return (
      <div className="ld-center-page">
        <Spin />
      </div>
    );
  }
  const props = {
    order,
    templates,
    locale: slipLocale,
    t: i18next.getFixedT(slipLocale),
    names,
    branch: status ? `${status.branchName} (${status.branchCode})` : '',
  };
  return (
    <div className="ld-slip-page" data-testid="slip-page">
      <div className="ld-slip-toolbar">
        <Space wrap>
          <Button icon={<ArrowLeftOutlined />} onClick={() => go({ name: 'order', id: order.id })}>
            {t('orderForms.backToOrder')}
          </Button>
          <Segmented<'order' | 'release'>
            value={slip}
            onChange={(v) => go({ name: 'orderSlip', id: order.id, slip: v })}
            options={[
              { value: 'order', label: t('orderForms.slip.orderTitle') },
              { value: 'release', label: t('orderForms.slip.releaseTitle') },
            ]}
            data-testid="slip-which"
          />
          <Segmented<Locale>
            value={slipLocale}
            onChange={setSlipLocale}
            options={[
              { value: 'zh-CN', label: '中文' },
              { value: 'en', label: 'English' },
            ]}
            aria-label={t('orderForms.slipLanguage')}
            data-testid="slip-language"
          />
          <Button
            type="primary"
            icon={<PrinterOutlined />}
            onClick={() => window.print()}
            autoFocus
            data-testid="slip-print"
          >
            {t('orderForms.print')}
          </Button>
        </Space>
      </div>
      <div lang={slipLocale}>{slip === 'order' ? <OrderSlip {...props} /> : <ReleaseSlip {...props} />}</div>
    </div>
  );
}
