/**
 * Issue 12: a suspected malicious claim in the case view
 * (docs/escalation-and-malice.md). Anyone signed in flags the case as
 * suspected and records facts; a supervisor or an admin determines it. The
 * determination form shows what `canDetermine` finds missing before the
 * button is pressed (the core refuses the same), and warns while the offer
 * says 赔偿. Evidence is picked from the case's own files (./EvidencePicker.tsx):
 * the core refuses any other.
 */
import { useState } from 'react';
import { Alert, Button, Card, Checkbox, Input, Radio, Space, Tag, Typography } from 'antd';
import { WarningOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../../../shared/contract/methods/cases';
import type { StaffSummary } from '../../../../shared/contract/methods/staff';
import { canDetermine } from '../../../../shared/domain/cases/malice';
import {
  JUDGMENT_TEXT,
  MALICE_BEHAVIOURS,
  MALICE_MOTIVES,
  type MaliceBehaviour,
  type MaliceMotive,
  type MaliceOutcome,
  type MaliceSign,
} from '../../../../shared/domain/cases/payloads';
import { formatDateTime } from '../../lib/format';
import { canOverride } from '../../stores/session';
import { settle } from '../handling/followUpShared';
import { useOpenCase } from '../handling/openCase';
import { CustomerRecord, RecordSigns } from './CustomerRecord';
import { EvidenceChecklist, EvidenceSelect, useCaseEvidence } from './EvidencePicker';
import { IndemnityWarning } from './IndemnityWarning';
import { JudgmentModal, Label } from './JudgmentModal';

type Dialog = 'suspect' | 'facts' | 'determine' | null;

function DetermineForm({ detail, onClose }: { detail: CaseDetail; onClose(): void }) {
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState<MaliceOutcome>('malicious');
  const [motives, setMotives] = useState<MaliceMotive[]>([]);
  const [behaviours, setBehaviours] = useState<MaliceBehaviour[]>([]);
  const [signs, setSigns] = useState<MaliceSign[]>([]);
  const items = useCaseEvidence(detail.id);
  // The facts' evidence is offered ticked (the case holds it: the fold keeps no other).
  const cited = detail.malice?.facts.flatMap((f) => f.evidence) ?? [];
  const [evidence, setEvidence] = useState<string[]>([...new Set(cited)]);
  const [offer, setOffer] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const input = { outcome, motives, behaviours, evidence: outcome === 'malicious' ? evidence : [], offer };
  const gaps = canDetermine(input);
  const ready = gaps.length === 0 && reason.trim() !== '';

  async function confirm() {
    if (!ready || busy) return;
    setBusy(true);
    const r = await useOpenCase.getState().write('case.determineMalice', {
      caseId: detail.id,
      ...input,
      signs,
      offer: offer.trim(),
      reason: reason.trim(),
    });
    setBusy(false);
    if (settle(r, null, [], t('malice.determined'))) onClose();
  }

  return (
    <JudgmentModal
      tall
      title={t('malice.determineTitle')}
      ok={t('malice.submit')}
      ready={ready}
      busy={busy}
      testId="determine-dialog"
      dirty={reason.trim() !== '' || offer.trim() !== ''}
      // The gaps have an alert of their own; the reason is the last thing asked.
      waiting={gaps.length === 0 ? t('judgment.wait.reason') : null}
      onOk={() => void confirm()}
      onClose={onClose}
    >
      <Label>{t('malice.outcomeLabel')}</Label>
      <Radio.Group
        value={outcome}
        onChange={(e) => setOutcome(e.target.value as MaliceOutcome)}
        options={(['malicious', 'good_faith'] as const).map((o) => ({
          value: o,
          label: t(`malice.outcome.${o}`),
        }))}
        data-testid="determine-outcome"
      />
      {outcome === 'malicious' ? (
        <>
          <Label>{t('malice.motives')}</Label>
          <Checkbox.Group
            value={motives}
            onChange={(v) => setMotives(v as MaliceMotive[])}
            options={MALICE_MOTIVES.map((m) => ({ value: m, label: t(`malice.motive.${m}`) }))}
            data-testid="determine-motives"
          />
          <Label>{t('malice.behaviours')}</Label>
          <Checkbox.Group
            value={behaviours}
            onChange={(v) => setBehaviours(v as MaliceBehaviour[])}
            options={MALICE_BEHAVIOURS.map((b) => ({ value: b, label: t(`malice.behaviour.${b}`) }))}
            data-testid="determine-behaviours"
          />
          <Label>{t('malice.signs')}</Label>
          <RecordSigns detail={detail} value={signs} onChange={setSigns} />
          <Label>{t('malice.evidence')}</Label>
          <EvidenceChecklist
            items={items}
            value={evidence}
            onChange={setEvidence}
            testId="determine-evidence"
          />
          <Label htmlFor="ld-determine-offer">{t('malice.offer')}</Label>
          <Input.TextArea
            id="ld-determine-offer"
            value={offer}
            onChange={(e) => setOffer(e.target.value)}
            maxLength={JUDGMENT_TEXT.offer}
            autoSize={{ minRows: 2, maxRows: 5 }}
            data-testid="determine-offer"
          />
          <IndemnityWarning text={offer} testId="determine-offer-indemnity" />
        </>
      ) : null}
      <Label htmlFor="ld-determine-reason">{t('malice.reason')}</Label>
      <Input.TextArea
        id="ld-determine-reason"
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        maxLength={JUDGMENT_TEXT.reason}
        autoSize={{ minRows: 2, maxRows: 4 }}
        data-testid="determine-reason"
      />
      {gaps.length > 0 ? (
        <Alert
          style={{ marginTop: 10 }}
          type="info"
          showIcon
          title={`${t('malice.missingTitle')} ${gaps.map((g) => t(`malice.missing.${g}`)).join(t('malice.missingJoin'))}`}
          data-testid="determine-missing"
        />
      ) : null}
    </JudgmentModal>
  );
}

function FactsForm({ detail, onClose }: { detail: CaseDetail; onClose(): void }) {
  const { t } = useTranslation();
  const [established, setEstablished] = useState('');
  const items = useCaseEvidence(detail.id);
  const [evidence, setEvidence] = useState<string[]>([]);
  const [statement, setStatement] = useState<string | null>(null);
  const [signed, setSigned] = useState(false);
  const [busy, setBusy] = useState(false);
  const ready = established.trim() !== '';
  async function confirm() {
    if (!ready || busy) return;
    setBusy(true);
    const r = await useOpenCase.getState().write('case.recordMaliceFacts', {
      caseId: detail.id,
      established: established.trim(),
      evidence,
      statementSigned: signed,
      statementEvidence: signed ? statement : null,
    });
    setBusy(false);
    if (settle(r, null, [], t('malice.factsSaved'))) onClose();
  }
  return (
    <JudgmentModal
      tall
      title={t('malice.facts')}
      ok={t('malice.recordFacts').replace('…', '')}
      ready={ready}
      busy={busy}
      testId="facts-dialog"
      dirty={established.trim() !== ''}
      waiting={t('judgment.wait.facts')}
      onOk={() => void confirm()}
      onClose={onClose}
    >
      <Label htmlFor="ld-facts-established">{t('malice.established')}</Label>
      <Input.TextArea
        id="ld-facts-established"
        autoFocus
        value={established}
        onChange={(e) => setEstablished(e.target.value)}
        maxLength={JUDGMENT_TEXT.established}
        autoSize={{ minRows: 3, maxRows: 6 }}
        data-testid="facts-established"
      />
      <Label>{t('malice.evidence')}</Label>
      <EvidenceChecklist items={items} value={evidence} onChange={setEvidence} testId="facts-evidence" />
      <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
        {t('malice.evidenceHelp')}
      </Typography.Text>
      <Checkbox checked={signed} onChange={(e) => setSigned(e.target.checked)} data-testid="facts-signed">
        {t('malice.statementSigned')}
      </Checkbox>
      {signed ? (
        <>
          <Label htmlFor="ld-facts-statement">{t('malice.statementEvidence')}</Label>
          <EvidenceSelect
            id="ld-facts-statement"
            items={items}
            value={statement}
            onChange={setStatement}
            testId="facts-statement-evidence"
          />
        </>
      ) : null}
    </JudgmentModal>
  );
}

function SuspectForm({ detail, onClose }: { detail: CaseDetail; onClose(): void }) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  async function confirm() {
    if (busy) return;
    setBusy(true);
    const r = await useOpenCase
      .getState()
      .write('case.suspectMalice', { caseId: detail.id, note: note.trim() });
    setBusy(false);
    if (settle(r, null, [], t('malice.suspected'))) onClose();
  }
  return (
    <JudgmentModal
      tall
      title={t('malice.suspect').replace('…', '')}
      ok={t('malice.suspect').replace('…', '')}
      ready
      busy={busy}
      testId="suspect-dialog"
      dirty={note.trim() !== ''}
      onOk={() => void confirm()}
      onClose={onClose}
    >
      <Label htmlFor="ld-suspect-note">{t('malice.suspectNote')}</Label>
      <Input.TextArea
        id="ld-suspect-note"
        autoFocus
        value={note}
        onChange={(e) => setNote(e.target.value)}
        maxLength={JUDGMENT_TEXT.reason}
        autoSize={{ minRows: 2, maxRows: 4 }}
        data-testid="suspect-note"
      />
    </JudgmentModal>
  );
}

/** The malicious-claim card of the case view's side column. */
export function MaliceCard({ detail, me }: { detail: CaseDetail; me: StaffSummary | null }) {
  const { t } = useTranslation();
  const [dialog, setDialog] = useState<Dialog>(null);
  const m = detail.malice;
  const open = detail.status !== 'closed' && me !== null;
  const supervisor = canOverride(me);
  const d = m?.determination ?? null;
  return (
    <Card size="small" title={t('malice.title')} data-testid="malice-card">
      <Space orientation="vertical" size={6} style={{ width: '100%' }}>
        {m === null ? (
          <Typography.Text type="secondary">{t('malice.none')}</Typography.Text>
        ) : (
          <Tag
            color={m.status === 'malicious' ? 'red' : m.status === 'good_faith' ? 'green' : 'orange'}
            icon={<WarningOutlined />}
            data-testid="malice-status"
            data-status={m.status}
          >
            {t(`malice.status.${m.status}`)}
          </Tag>
        )}
        {m?.suspicions.map((s) => (
          <Typography.Text key={s.eventId} type="secondary">
            {s.byName} · {formatDateTime(s.at)}
            {s.note ? ` — ${s.note}` : ''}
          </Typography.Text>
        ))}
        {m?.facts.map((f) => (
          <div key={f.eventId} data-testid="malice-facts">
            <div>{f.established}</div>
            <Typography.Text type="secondary">
              {f.byName} · {formatDateTime(f.at)}
              {f.statementSigned ? ` · ${t('malice.statementSigned')}` : ''}
            </Typography.Text>
          </div>
        ))}
        {d ? (
          <div data-testid="malice-determination">
            <Typography.Text type="secondary">
              {t('malice.determinedBy', { name: d.byName, at: formatDateTime(d.at) })}
            </Typography.Text>
            <div>{d.reason}</div>
            {d.offer ? <Typography.Paragraph style={{ margin: 0 }}>{d.offer}</Typography.Paragraph> : null}
          </div>
        ) : null}
        <CustomerRecord detail={detail} />
        {m?.noConcession ? (
          <Alert type="error" showIcon title={t('malice.noConcession')} data-testid="malice-no-concession" />
        ) : null}
        {open ? (
          <Space wrap>
            <Button size="small" onClick={() => setDialog('suspect')} data-testid="malice-suspect">
              {t('malice.suspect')}
            </Button>
            <Button size="small" onClick={() => setDialog('facts')} data-testid="malice-facts-open">
              {t('malice.recordFacts')}
            </Button>
            {supervisor ? (
              <Button
                size="small"
                type="primary"
                onClick={() => setDialog('determine')}
                data-testid="malice-determine"
              >
                {t('malice.determine')}
              </Button>
            ) : null}
          </Space>
        ) : null}
        {open && !supervisor ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="malice-only-supervisor">
            {t('malice.onlySupervisor')}
          </Typography.Text>
        ) : null}
      </Space>
      {dialog === 'suspect' ? <SuspectForm detail={detail} onClose={() => setDialog(null)} /> : null}
      {dialog === 'facts' ? <FactsForm detail={detail} onClose={() => setDialog(null)} /> : null}
      {dialog === 'determine' ? <DetermineForm detail={detail} onClose={() => setDialog(null)} /> : null}
    </Card>
  );
}
