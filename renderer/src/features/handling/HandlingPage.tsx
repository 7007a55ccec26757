import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Result,
  Space,
  Spin,
  Steps,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { ArrowLeftOutlined, CheckOutlined, RollbackOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { StaffSummary } from '../../../../shared/contract/methods/staff';
import { localize } from '../../../../shared/domain/kernel/locale';
import { callDesk } from '../../lib/desk';
import { formatDateTime } from '../../lib/format';
import { MAIN_ID } from '../../lib/keys';
import { SEVERITY_COLORS, STATUS_COLORS, useLabels } from '../../lib/labels';
import { showError, showSuccess } from '../../lib/notify';
import { useLocale } from '../../i18n';
import { useNav } from '../../stores/nav';
import { useScript } from '../../stores/script';
import { canHandle, canOverride, useSession } from '../../stores/session';
import { CaseOrders } from '../orders/CaseOrders';
import { CaseFieldsCard } from './CaseFieldsCard';
import { CaseTimeline } from './CaseTimeline';
import { PrintButton } from '../pdf/PrintButton';
import { DeadlinesCard } from './DeadlinesCard';
import { FollowUpCard } from './FollowUpCard';
import { useOpenCase } from './openCase';
import { PauseControl, PausedTag } from './PauseControl';
import { ReasonDialog } from './ReasonDialog';
import { NatureSelect, defaultNature } from './NatureSelect';
import { CaseJudgement } from './CaseJudgement';
import type { Nature } from '../../../../shared/domain/cases/payloads';
import { closeDraftKey, reopenDraftKey } from '../../stores/drafts';
import { AddToLibraryButton } from '../library/AddToLibraryButton';
import { EscalationCard, LevelBadge } from '../judgment/EscalationCard';
import { MaliceCard } from '../judgment/MaliceCard';
import { ReclassifyButton } from '../judgment/ReclassifyButton';
import { NoConcessionWarning } from '../judgment/NoConcessionWarning';
import { LibraryPanel } from '../library/LibraryPanel';
import { StepPanel } from './StepPanel';
import { ClosedSummary } from './ClosedSummary';
import { EvidenceCard } from '../evidence/EvidenceCard';
import { CaseTagsCard } from './CaseTagsCard';
import { useAttributeItems } from './caseAttributes';
import { defaultViewedStep, shownCurrentStep } from './currentStep';

type Dialog = 'close' | 'closeEarly' | 'reopen' | null;

export function HandlingPage({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const locale = useLocale((s) => s.locale);
  const labels = useLabels();
  const script = useScript((s) => s.script);
  const taxonomy = useScript((s) => s.taxonomy);
  const staff = useSession((s) => s.staff);
  const go = useNav((s) => s.go);

  const detail = useOpenCase((s) => (s.caseId === caseId ? s.detail : null));
  const loadError = useOpenCase((s) => (s.caseId === caseId ? s.error : null));
  const [selected, setSelected] = useState<number | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  // What the close offers first follows the case (invalid for a claim determined malicious)
  // until the clerk chooses.
  const [chosenNature, setNature] = useState<Nature | null>(null);
  const nature = chosenNature ?? defaultNature(detail?.malice?.status ?? null);
  const [staffList, setStaffList] = useState<StaffSummary[]>([]);
  const staffNames = useMemo(() => new Map(staffList.map((s) => [s.id, s.name])), [staffList]);
  const attributeItems = useAttributeItems(detail); // issue 14 item 1

  useEffect(() => {
    let alive = true;
    // Read unless just written here; read again when changed elsewhere (openCase.ts).
    const close = useOpenCase.getState().open(caseId);
    void callDesk('staff.list', {}).then((r) => {
      if (alive && r.ok) setStaffList(r.value);
    });
    return () => {
      alive = false;
      close();
    };
  }, [caseId]);

  const handlingAllowed = canHandle(staff);
  const overrideAllowed = canOverride(staff);

  const stepItems = useMemo(() => {
    if (!detail || !script) return [];
    const viewed = selected ?? defaultViewedStep(detail);
    // A closed case is at no step (issue 10): none is shown in progress.
    const current = shownCurrentStep(detail);
    return script.steps.map((s) => {
      const recorded = detail.steps[String(s.step)] !== undefined;
      const isCurrent = current === s.step;
      const reachable = recorded || isCurrent;
      // A closed case's unrecorded step is not "viewed": the closed summary shows instead (review #11).
      const viewedHere = s.step === viewed && (recorded || detail.status !== 'closed');
      return {
        key: s.step,
        title: (
          <span
            data-testid={`step-nav-${s.step}`}
            data-recorded={recorded ? 'true' : 'false'}
            data-current={isCurrent ? 'true' : 'false'}
            aria-current={viewedHere ? 'step' : undefined}
            className={viewedHere ? 'ld-step-viewed' : undefined}
          >
            {localize(s.title, locale)}
          </span>
        ),
        status: recorded ? ('finish' as const) : isCurrent ? ('process' as const) : ('wait' as const),
        disabled: !reachable,
      };
    });
  }, [detail, script, locale, selected]);

  if (loadError && !detail) {
    return (
      <Result
        status={loadError.code === 'not_found' ? '404' : 'warning'}
        title={loadError.code === 'not_found' ? t('handling.notFound') : t('errors.title')}
        subTitle={loadError.message}
        extra={
          <Button type="primary" autoFocus onClick={() => go({ name: 'list' })}>
            {t('common.back')}
          </Button>
        }
      />
    );
  }
  if (!detail || !script || !taxonomy) {
    return (
      <div className="ld-center-page">
        <Spin size="large" />
      </div>
    );
  }

  const closed = detail.status === 'closed';
  const allRecorded = detail.currentStep === null;
  const current = shownCurrentStep(detail);
  const viewStep = selected ?? defaultViewedStep(detail);
  const step = script.steps.find((s) => s.step === viewStep) ?? script.steps[0];
  const canClose = !closed && handlingAllowed && (allRecorded || overrideAllowed);

  async function doClose(reason: string | null): Promise<boolean> {
    const r = await useOpenCase
      .getState()
      .write('case.close', reason ? { caseId, nature, overrideReason: reason } : { caseId, nature });
    if (!r.ok) {
      showError(r.error);
      return false;
    }
    setDialog(null);
    showSuccess(t('handling.closed'));
    return true;
  }

  async function doReopen(reason: string): Promise<boolean> {
    const r = await useOpenCase.getState().write('case.reopen', { caseId, reason });
    if (!r.ok) {
      showError(r.error);
      return false;
    }
    setDialog(null);
    setSelected(null);
    showSuccess(t('handling.reopened'));
    return true;
  }

  const closeButton = (
    <Button
      // Closing early is an override, not the next thing to do: only a normal close is primary.
      type={allRecorded ? 'primary' : 'default'}
      icon={<CheckOutlined />}
      disabled={!canClose}
      onClick={() => setDialog(allRecorded ? 'close' : 'closeEarly')}
      data-testid="case-close"
    >
      {allRecorded || !overrideAllowed ? t('handling.close') : t('handling.closeEarly')}
    </Button>
  );

  return (
    <div
      className="ld-case-page"
      data-testid="handling-page"
      data-case-number={detail.number}
      data-status={detail.status}
    >
      <Card size="small">
        <div style={{ display: 'flex', alignItems: 'center', gap: 12, flexWrap: 'wrap' }}>
          <Button icon={<ArrowLeftOutlined />} onClick={() => go({ name: 'list' })} data-testid="case-back">
            {t('common.back')}
          </Button>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="case-number">
            {detail.number}
          </Typography.Title>
          <Tag color={STATUS_COLORS[detail.status] ?? 'default'} data-testid="case-status">
            {t(`status.${detail.status}`)}
          </Tag>
          <Tag color={SEVERITY_COLORS[detail.severity] ?? 'default'}>{labels.severity(detail.severity)}</Tag>
          <PausedTag detail={detail} />
          <CaseJudgement detail={detail} />
          <LevelBadge level={detail.escalationLevel} />
          <Typography.Text strong>{detail.customerName}</Typography.Text>
          <Typography.Text type="secondary">{detail.customerPhone}</Typography.Text>
          <span style={{ flex: 1 }} />
          <Space>
            <AddToLibraryButton detail={detail} />
            <PrintButton detail={detail} />
            <ReclassifyButton detail={detail} me={staff} />
            <PauseControl detail={detail} />
            {closed ? (
              overrideAllowed ? (
                <Button
                  icon={<RollbackOutlined />}
                  onClick={() => setDialog('reopen')}
                  data-testid="case-reopen"
                >
                  {t('handling.reopen')}
                </Button>
              ) : null
            ) : canClose ? (
              closeButton
            ) : (
              <Tooltip title={t('handling.closeNeedsStep6')}>
                <span>{closeButton}</span>
              </Tooltip>
            )}
          </Space>
        </div>
      </Card>

      {closed ? (
        <Alert type="success" showIcon title={t('handling.closedBanner')} data-testid="case-closed-banner" />
      ) : allRecorded ? (
        <Alert type="info" showIcon title={t('handling.allDone')} data-testid="case-all-done" />
      ) : null}

      <Card size="small">
        <Steps
          data-testid="step-nav"
          size="small"
          current={current === null ? -1 : current - 1}
          items={stepItems}
          onChange={(i) => setSelected(i + 1)}
        />
      </Card>

      <div className="ld-case-columns">
        <Card size="small">
          {closed && step && detail.steps[String(step.step)] === undefined ? (
            // Review #11: a closed case has no step to do; an unrecorded one shows how it closed.
            <ClosedSummary detail={detail} stepCount={script.steps.length} />
          ) : step ? (
            <StepPanel
              key={`${detail.id}:${step.step}`}
              detail={detail}
              script={script}
              taxonomy={taxonomy}
              step={step}
              isCurrent={current === step.step}
              editable={handlingAllowed && !closed}
              onRecorded={() => {
                setSelected(null);
                document.getElementById(MAIN_ID)?.scrollTo({ top: 0 });
              }}
            />
          ) : null}
        </Card>
        <Space orientation="vertical" className="ld-case-side" size={12} data-testid="case-side">
          <LibraryPanel category={detail.category} />
          <DeadlinesCard detail={detail} />
          <EscalationCard detail={detail} me={staff} />
          <MaliceCard detail={detail} me={staff} />
          <FollowUpCard detail={detail} me={staff} staff={staffList} />
          <CaseOrders caseId={caseId} caseNumber={detail.number} />
          {handlingAllowed && !closed && staff ? (
            <CaseFieldsCard detail={detail} taxonomy={taxonomy} me={staff} staff={staffList} />
          ) : null}
          <Card size="small" title={t('handling.account')}>
            <Typography.Paragraph
              className="ld-account"
              style={{ marginBottom: 12 }}
              data-testid="case-account"
            >
              {detail.account}
            </Typography.Paragraph>
            <Descriptions
              size="small"
              column={1}
              items={[
                {
                  key: 'customer',
                  label: t('handling.customer'),
                  children: `${detail.customer.name} · ${t(`gender.${detail.customer.gender}`)} · ${
                    detail.customer.returning ? t('customerKind.returning') : t('customerKind.new')
                  }`,
                },
                { key: 'phone', label: t('handling.phone'), children: detail.customerPhone || '—' },
                ...attributeItems,
                { key: 'channel', label: t('handling.channel'), children: labels.channel(detail.channel) },
                {
                  key: 'category',
                  label: t('handling.category'),
                  children: labels.categoryPath(detail.category),
                },
                {
                  key: 'received',
                  label: t('handling.received'),
                  children: formatDateTime(detail.receivedAt),
                },
                { key: 'due', label: t('handling.due'), children: formatDateTime(detail.dueAt) },
                { key: 'owner', label: t('handling.owner'), children: detail.ownerName },
                ...(detail.lateReason
                  ? [
                      {
                        key: 'lateReason',
                        label: t('followUp.lateReason'),
                        children: <span data-testid="case-late-reason">{detail.lateReason}</span>,
                      },
                    ]
                  : []),
              ]}
            />
          </Card>
          <EvidenceCard detail={detail} />
          <CaseTagsCard detail={detail} me={staff} staff={staffList} />
          <CaseTimeline detail={detail} canNote={!closed} staffNames={staffNames} />
        </Space>
      </div>

      <ReasonDialog
        open={dialog === 'close'}
        title={t('handling.closeConfirmTitle')}
        body={t('handling.closeConfirmBody')}
        okText={t('handling.close')}
        testId="close-dialog"
        onCancel={() => setDialog(null)}
        onConfirm={() => doClose(null)}
      >
        <NoConcessionWarning detail={detail} testId="close-no-concession" />
        <NatureSelect value={nature} onChange={setNature} testId="close-nature" />
      </ReasonDialog>
      <ReasonDialog
        open={dialog === 'closeEarly'}
        title={t('handling.closeOverrideTitle')}
        body={t('handling.closeOverrideBody')}
        okText={t('handling.closeEarly')}
        danger
        reasonLabel={t('handling.closeReason')}
        testId="close-early-dialog"
        draft={{ key: closeDraftKey(caseId), what: t('drafts.close', { number: detail.number }) }}
        onCancel={() => setDialog(null)}
        onConfirm={(reason) => doClose(reason)}
      >
        <NoConcessionWarning detail={detail} testId="close-early-no-concession" />
        <NatureSelect value={nature} onChange={setNature} testId="close-early-nature" />
      </ReasonDialog>
      <ReasonDialog
        open={dialog === 'reopen'}
        title={t('handling.reopenTitle')}
        body=""
        okText={t('handling.reopen')}
        reasonLabel={t('handling.reopenReason')}
        testId="reopen-dialog"
        draft={{ key: reopenDraftKey(caseId), what: t('drafts.reopen', { number: detail.number }) }}
        onCancel={() => setDialog(null)}
        onConfirm={(reason) => doReopen(reason)}
      />
    </div>
  );
}
