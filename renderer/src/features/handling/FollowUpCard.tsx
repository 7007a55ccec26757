/**
 * The follow-up of a case (issue 9) in the side column of the handling view:
 * contact attempts, actions and, once the case is closed, callbacks, as tabs
 * of one card, so the current step's fields keep their place. Without a
 * clerk's choice the card opens where the work is: callbacks on a closed
 * case, actions at step 5, contacts otherwise.
 */
import { useEffect } from 'react';
import { Badge, Card, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../../../shared/contract/methods/cases';
import type { StaffSummary } from '../../../../shared/contract/methods/staff';
import { ActionsCard } from './ActionsCard';
import { CallbacksCard } from './CallbacksCard';
import { ContactsCard } from './ContactsCard';
import { FIRST_CONTROL, useFollowUpTab, type FollowUpTab } from './followUpTab';

interface Props {
  detail: CaseDetail;
  me: StaffSummary | null;
  staff: StaffSummary[];
}

function defaultTab(detail: CaseDetail): FollowUpTab {
  if (detail.status === 'closed') return 'callbacks';
  return detail.currentStep === 5 ? 'actions' : 'contacts';
}

export function FollowUpCard({ detail, me, staff }: Props) {
  const { t } = useTranslation();
  const chosen = useFollowUpTab((s) => s.tab);
  const focusRequest = useFollowUpTab((s) => s.focusRequest);
  const show = useFollowUpTab((s) => s.show);
  const closed = detail.status === 'closed';
  const hasCallbacks = closed || detail.callbacks.length > 0;
  const tab = chosen === 'callbacks' && !hasCallbacks ? defaultTab(detail) : (chosen ?? defaultTab(detail));
  const openActions = detail.actions.filter((a) => a.doneAt === null).length;

  // Another case, or this one closed or reopened: back to where the work is.
  useEffect(() => show(null), [detail.id, closed, show]);

  useEffect(() => {
    if (focusRequest === 0) return;
    // After the tab has rendered.
    const timer = window.setTimeout(() => {
      const el = document.getElementById(FIRST_CONTROL[useFollowUpTab.getState().tab ?? 'contacts']);
      el?.scrollIntoView({ block: 'nearest' });
      el?.focus();
    }, 50);
    return () => window.clearTimeout(timer);
  }, [focusRequest]);

  const label = (text: string, count: number, testId: string) => (
    <span data-testid={testId}>
      {text}
      {count > 0 ? (
        <Badge count={count} size="small" color="#8c8c8c" style={{ marginInlineStart: 6 }} />
      ) : null}
    </span>
  );

  const items = [
    // Callbacks start at the close; after a reopening the ones made stay readable.
    ...(hasCallbacks
      ? [
          {
            key: 'callbacks',
            label: label(t('followUp.tabs.callbacks'), detail.callbacks.length, 'follow-up-tab-callbacks'),
            children: <CallbacksCard detail={detail} />,
          },
        ]
      : []),
    {
      key: 'contacts',
      label: label(t('followUp.tabs.contacts'), detail.contacts.length, 'follow-up-tab-contacts'),
      children: <ContactsCard detail={detail} canRecord={!closed} />,
    },
    {
      key: 'actions',
      label: (
        <span data-testid="follow-up-tab-actions">
          {t('followUp.tabs.actions')}
          {openActions > 0 ? (
            <Badge count={openActions} size="small" style={{ marginInlineStart: 6 }} />
          ) : null}
        </span>
      ),
      children: <ActionsCard detail={detail} me={me} staff={staff} />,
    },
  ];

  return (
    <Card size="small" className="ld-fu-card" data-testid="follow-up-card">
      <Tabs
        size="small"
        activeKey={tab}
        onChange={(k) => show(k as FollowUpTab)}
        items={items}
        data-testid="follow-up-tabs"
      />
    </Card>
  );
}
