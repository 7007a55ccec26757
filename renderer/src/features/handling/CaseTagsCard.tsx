/**
 * Issue 14 item 7 in the case view: the failure point where the service broke
 * (anyone who handles cases), the quality gap the case shows and the
 * responsibility decision (supervisors and admins; others see them). The
 * core refuses whatever this card would not offer, with the same words
 * (electron/desk/features/cases/tags.ts). A supervisor can open a
 * rectification item for the failure point from here.
 */
import { useEffect, useState } from 'react';
import { Button, Card, Descriptions, Input, Radio, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseDetail, FailurePointView } from '../../../../shared/contract/methods/cases';
import type { StaffSummary } from '../../../../shared/contract/methods/staff';
import { QUALITY_GAPS, TAG_LIMITS, type QualityGap } from '../../../../shared/domain/cases/tags';
import { useLocale } from '../../i18n';
import { callDesk } from '../../lib/desk';
import { formatDateTime } from '../../lib/format';
import { useNav } from '../../stores/nav';
import { canHandle, canOverride } from '../../stores/session';
import { JudgmentModal, Label } from '../judgment/JudgmentModal';
import { settle } from './followUpShared';
import { useOpenCase } from './openCase';

/** The organisation's failure points, read once per window. */
let failurePoints: Promise<FailurePointView[]> | null = null;
function loadFailurePoints(): Promise<FailurePointView[]> {
  failurePoints ??= callDesk('case.failurePoints', {}).then((r) => {
    if (!r.ok) {
      failurePoints = null;
      return [];
    }
    return r.value.items;
  });
  return failurePoints;
}

export function useFailurePoints(): FailurePointView[] {
  const [items, setItems] = useState<FailurePointView[]>([]);
  useEffect(() => {
    let live = true;
    void loadFailurePoints().then((x) => live && setItems(x));
    return () => {
      live = false;
    };
  }, []);
  return items;
}

function DecideDialog({
  detail,
  staff,
  onClose,
}: {
  detail: CaseDetail;
  staff: StaffSummary[];
  onClose(): void;
}) {
  const { t } = useTranslation();
  const current = detail.tags.responsibility;
  const [who, setWho] = useState<'person' | 'nobody'>(current?.responsible === null ? 'nobody' : 'person');
  const [person, setPerson] = useState<string | null>(current?.responsible ?? null);
  const [note, setNote] = useState(current?.note ?? '');
  const [busy, setBusy] = useState(false);
  const ready = who === 'nobody' || person !== null;

  async function confirm() {
    if (!ready || busy) return;
    setBusy(true);
    const r = await useOpenCase.getState().write('case.decideResponsibility', {
      caseId: detail.id,
      responsible: who === 'nobody' ? null : person,
      note: note.trim(),
    });
    setBusy(false);
    if (settle(r, null, [], t('caseTags.decided'))) onClose();
  }

  return (
    <JudgmentModal
      title={t('caseTags.decideTitle')}
      ok={t('caseTags.save')}
      ready={ready}
      busy={busy}
      testId="decide-dialog"
      onOk={() => void confirm()}
      onClose={onClose}
    >
      <Radio.Group
        value={who}
        onChange={(e) => setWho(e.target.value as 'person' | 'nobody')}
        options={[
          { value: 'person', label: t('caseTags.responsible') },
          { value: 'nobody', label: t('caseTags.nobody') },
        ]}
        data-testid="decide-who"
      />
      {who === 'person' ? (
        <Select
          style={{ width: '100%', marginTop: 8 }}
          showSearch
          optionFilterProp="label"
          value={person}
          onChange={(v: string) => setPerson(v)}
          placeholder={t('caseTags.choose')}
          aria-label={t('caseTags.responsible')}
          options={staff.map((s) => ({ value: s.id, label: s.name }))}
          data-testid="decide-person"
        />
      ) : null}
      <Label id="decide-note-label">{t('caseTags.note')}</Label>
      <Input.TextArea
        aria-labelledby="decide-note-label"
        value={note}
        maxLength={TAG_LIMITS.note}
        autoSize={{ minRows: 2, maxRows: 5 }}
        onChange={(e) => setNote(e.target.value)}
        data-testid="decide-note"
      />
    </JudgmentModal>
  );
}

export function CaseTagsCard({
  detail,
  me,
  staff,
}: {
  detail: CaseDetail;
  me: StaffSummary | null;
  staff: StaffSummary[];
}) {
  const { t } = useTranslation();
  const locale = useLocale((s) => s.locale);
  const points = useFailurePoints();
  const [busy, setBusy] = useState(false);
  const [deciding, setDeciding] = useState(false);
  const { failurePoint, qualityGap, responsibility } = detail.tags;
  const supervising = canOverride(me);
  const pointName = (code: string) => {
    const p = points.find((x) => x.code === code);
    return p === undefined ? code : locale === 'en' ? p.en : p.zh;
  };

  async function tag(input: { failurePoint?: string | null; qualityGap?: QualityGap | null }) {
    setBusy(true);
    const r = await useOpenCase.getState().write('case.tag', { caseId: detail.id, ...input });
    setBusy(false);
    settle(r, null, [], t('caseTags.saved'));
  }

  const by = (m: { byName: string; at: string } | null) =>
    m === null ? null : (
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('caseTags.byAt', { by: m.byName, at: formatDateTime(m.at) })}
      </Typography.Text>
    );

  return (
    <Card size="small" title={t('caseTags.title')} data-testid="case-tags">
      <Descriptions
        size="small"
        column={1}
        items={[
          {
            key: 'fp',
            label: t('caseTags.failurePoint'),
            children: canHandle(me) ? (
              <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                <Select
                  size="small"
                  style={{ width: '100%' }}
                  allowClear
                  disabled={busy}
                  value={failurePoint?.value ?? null}
                  placeholder={t('caseTags.none')}
                  aria-label={t('caseTags.failurePoint')}
                  onChange={(v: string | undefined) => void tag({ failurePoint: v ?? null })}
                  options={points.map((p) => ({ value: p.code, label: locale === 'en' ? p.en : p.zh }))}
                  data-testid="tag-failure-point"
                />
                {by(failurePoint)}
              </Space>
            ) : (
              <span data-testid="tag-failure-point-text">
                {failurePoint ? pointName(failurePoint.value) : t('caseTags.none')}
              </span>
            ),
          },
          {
            key: 'gap',
            label: t('caseTags.qualityGap'),
            children: supervising ? (
              <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                <Select
                  size="small"
                  style={{ width: '100%' }}
                  allowClear
                  disabled={busy}
                  value={qualityGap?.value ?? null}
                  placeholder={t('caseTags.none')}
                  aria-label={t('caseTags.qualityGap')}
                  onChange={(v: QualityGap | undefined) => void tag({ qualityGap: v ?? null })}
                  options={QUALITY_GAPS.map((g) => ({ value: g, label: t(`caseTags.gaps.${g}`) }))}
                  data-testid="tag-quality-gap"
                />
                {by(qualityGap)}
              </Space>
            ) : (
              <span title={t('caseTags.gapSupervisorOnly')} data-testid="tag-quality-gap-text">
                {qualityGap ? t(`caseTags.gaps.${qualityGap.value}`) : t('caseTags.none')}
              </span>
            ),
          },
          {
            key: 'resp',
            label: t('caseTags.responsibility'),
            children: (
              <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                <span data-testid="tag-responsibility">
                  {responsibility === null
                    ? t('caseTags.none')
                    : responsibility.responsible === null
                      ? t('caseTags.nobodyHeld')
                      : t('caseTags.heldBy', { name: responsibility.responsibleName })}
                </span>
                {responsibility?.note ? (
                  <Typography.Text style={{ fontSize: 12 }}>{responsibility.note}</Typography.Text>
                ) : null}
                {by(responsibility)}
              </Space>
            ),
          },
        ]}
      />
      {supervising ? (
        <Space wrap style={{ marginTop: 8 }}>
          <Button size="small" onClick={() => setDeciding(true)} data-testid="decide-open">
            {t('caseTags.decide')}
          </Button>
          {failurePoint ? (
            <Button
              size="small"
              type="link"
              onClick={() =>
                useNav.getState().go({
                  name: 'rectification',
                  prefill: { dim: 'failurePoint', value: failurePoint.value },
                })
              }
              data-testid="tag-open-rect"
            >
              {t('caseTags.openRect')}
            </Button>
          ) : null}
        </Space>
      ) : null}
      {deciding ? <DecideDialog detail={detail} staff={staff} onClose={() => setDeciding(false)} /> : null}
    </Card>
  );
}
