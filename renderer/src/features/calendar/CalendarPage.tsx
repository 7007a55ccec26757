import { useEffect, useState } from 'react';
import { Alert, Card, Space, Spin, Typography } from 'antd';
import { ClockCircleOutlined, ShopOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CalendarView } from '../../../../shared/contract/methods/settings';
import type { BranchCalendar } from '../../../../shared/domain/settings/payloads';
import { callDesk } from '../../lib/desk';
import { clearErrors, showError, showSuccess } from '../../lib/notify';
import { useSession } from '../../stores/session';
import { errorsElsewhere, underPrefix, type FieldErrors } from './fieldErrors';
import { OverridesEditor } from './OverridesEditor';
import { PublicYearsCard } from './PublicYearsCard';
import { canEditSettings, useBranchSettings } from './settingsStore';
import { SettingsPageFrame, useRefusalFocus } from './SettingsPageFrame';
import { WeekHoursEditor } from './WeekHoursEditor';
import './calendar.css';

/** Paths the editors show their errors at; anything else is shown above them. */
const SHOWN_PATHS = ['timeZone', 'week', 'makeUpHoursOf', 'closures', 'extraDays'];

/** The coverage warning: the official schedules run out within 30 days (or have). */
export function CoverageBanner({ view }: { view: CalendarView }) {
  const { t } = useTranslation();
  const w = view.coverage.warning;
  if (!w) return null;
  const text =
    w.lastYear === null
      ? t('calendar.coverageNone')
      : w.daysLeft >= 0
        ? t('calendar.coverageWarning', { year: w.lastYear, days: w.daysLeft, next: w.lastYear + 1 })
        : t('calendar.coverageExpired', { year: w.lastYear, next: w.lastYear + 1 });
  return (
    <Alert
      type={w.daysLeft < 0 || w.lastYear === null ? 'error' : 'warning'}
      showIcon
      banner
      title={<span data-testid="cal-coverage-warning">{text}</span>}
    />
  );
}

/**
 * `#/settings/calendar`: the branch's business calendar. Everyone reads it;
 * an administrator edits the time zone, the hours of each weekday, the
 * make-up days' hours and the branch's own dates, saves them as one change
 * (Ctrl+Enter), and imports a year's official schedule.
 */
export function CalendarPage() {
  const { t } = useTranslation();
  const role = useSession((s) => s.staff?.role);
  const view = useBranchSettings((s) => s.calendar);
  const loadError = useBranchSettings((s) => s.error);
  const canEdit = canEditSettings(role);
  const [draft, setDraft] = useState<BranchCalendar | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const { page, refused } = useRefusalFocus();

  useEffect(() => {
    void useBranchSettings.getState().loadCalendar();
  }, []);

  // The draft follows what the desk shows until the administrator changes something.
  const shown = view?.calendar ?? null;
  const current = draft ?? shown;
  const dirty = draft !== null && shown !== null && JSON.stringify(draft) !== JSON.stringify(shown);

  function edit(next: BranchCalendar) {
    setDraft(next);
  }

  function discard() {
    setDraft(null);
    setErrors({});
  }

  async function save() {
    if (!draft || busy) return;
    setBusy(true);
    const r = await callDesk('settings.calendar.set', { calendar: draft });
    setBusy(false);
    if (r.ok) {
      useBranchSettings.getState().setCalendar(r.value);
      setDraft(null);
      setErrors({});
      clearErrors();
      showSuccess(t('calendar.saved'));
      return;
    }
    showError(r.error);
    setErrors(underPrefix(r.error.fields, 'calendar'));
    refused();
  }

  if (!view || !current) {
    return (
      <div className="ld-settings-page ld-settings-wide" data-testid="calendar-page">
        {loadError ? <Alert type="error" showIcon title={loadError.message} /> : <Spin />}
      </div>
    );
  }

  const elsewhere = errorsElsewhere(errors, SHOWN_PATHS);
  const readOnly = !canEdit;

  return (
    <SettingsPageFrame
      page={page}
      testId="calendar-page"
      title={t('calendar.title')}
      setBy={view.setBy}
      setByTestId="cal-set-by"
      note={readOnly ? t('calendar.readOnly') : t('calendar.intro')}
      canEdit={canEdit}
      dirty={dirty}
      busy={busy}
      canDiscard={dirty}
      onDiscard={discard}
      onSave={() => void save()}
      saveLabel={t('calendar.save')}
      buttonTestIds={{ discard: 'cal-discard', save: 'cal-save' }}
      actions={
        dirty ? (
          <Typography.Text type="warning" data-testid="cal-dirty">
            {t('calendar.unsaved')}
          </Typography.Text>
        ) : null
      }
    >
      <CoverageBanner view={view} />
      {view.flags > 0 ? (
        <Alert
          type="warning"
          showIcon
          title={t('calendar.flags', { n: view.flags })}
          data-testid="cal-flags"
        />
      ) : null}
      {elsewhere.length > 0 ? (
        <Alert
          type="error"
          showIcon
          title={elsewhere.map((m) => (
            <div key={m}>{m}</div>
          ))}
          data-testid="cal-errors"
        />
      ) : null}
      <div className="ld-cal-grid">
        <Card
          size="small"
          title={
            <Space>
              <ClockCircleOutlined />
              {t('calendar.hoursSection')}
            </Space>
          }
        >
          <WeekHoursEditor draft={current} onChange={edit} readOnly={readOnly} errors={errors} />
        </Card>
        <div className="ld-cal-side">
          <PublicYearsCard view={view} canEdit={canEdit} />
          <Card
            size="small"
            title={
              <Space>
                <ShopOutlined />
                {t('calendar.overridesSection')}
              </Space>
            }
          >
            <OverridesEditor draft={current} onChange={edit} readOnly={readOnly} errors={errors} />
          </Card>
        </div>
      </div>
    </SettingsPageFrame>
  );
}
