/**
 * The script's guidance for one step (goal, phrasing, taboos), shown BESIDE the
 * step's fields (issue 10) so the fields start at the top of the panel. The
 * clerk may fold it away; the choice is remembered per clerk in localStorage.
 */
import { useCallback, useState } from 'react';
import { Button, Typography } from 'antd';
import { MenuFoldOutlined, MenuUnfoldOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ScriptStep } from '../../../../shared/domain/cases/script';
import { localize } from '../../../../shared/domain/kernel/locale';
import { useLocale } from '../../i18n';
import { useSession } from '../../stores/session';

const KEY_PREFIX = 'loopdesk.pace.guide.';

function readOpen(staffId: string | undefined): boolean {
  try {
    return window.localStorage.getItem(KEY_PREFIX + (staffId ?? '')) !== 'closed';
  } catch {
    return true;
  }
}

/** Open or folded, remembered per signed-in clerk. */
export function useGuideOpen(): [boolean, (open: boolean) => void] {
  const staffId = useSession((s) => s.staff?.id);
  const [state, setState] = useState(() => ({ staffId, open: readOpen(staffId) }));
  const open = state.staffId === staffId ? state.open : readOpen(staffId);
  const set = useCallback(
    (next: boolean) => {
      try {
        window.localStorage.setItem(KEY_PREFIX + (staffId ?? ''), next ? 'open' : 'closed');
      } catch {
        // Storage full or blocked: the choice lasts for this view only.
      }
      setState({ staffId, open: next });
    },
    [staffId],
  );
  return [open, set];
}

export function GuideToggle({ open, onToggle }: { open: boolean; onToggle(open: boolean): void }) {
  const { t } = useTranslation();
  return (
    <Button
      size="small"
      type="text"
      icon={open ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
      onClick={() => onToggle(!open)}
      aria-expanded={open}
      data-testid="step-guide-toggle"
    >
      {open ? t('pace.hideGuide') : t('pace.showGuide')}
    </Button>
  );
}

export function StepGuide({ step }: { step: ScriptStep }) {
  const { t } = useTranslation();
  const locale = useLocale((s) => s.locale);
  return (
    <aside className="ld-step-guide" data-testid="step-guide" aria-label={t('pace.guide')}>
      <div className="ld-section-label">{t('handling.goal')}</div>
      <Typography.Paragraph className="ld-step-goal" data-testid="step-goal">
        {localize(step.goal, locale)}
      </Typography.Paragraph>
      <div className="ld-section-label">{t('handling.phrasing')}</div>
      <ul className="ld-phrasing" data-testid="step-phrasing">
        {step.phrasing.map((p, i) => {
          const text = localize(p, locale);
          return (
            <li key={i}>
              <Typography.Text
                copyable={{ text, tabIndex: -1, tooltips: [t('common.copy'), t('common.copied')] }}
              >
                {text}
              </Typography.Text>
            </li>
          );
        })}
      </ul>
      {step.taboos.length > 0 ? (
        <div className="ld-step-taboos" data-testid="step-taboos" role="note">
          <div className="ld-section-label">{t('handling.taboos')}</div>
          <ul>
            {step.taboos.map((tb, i) => (
              <li key={i}>{localize(tb, locale)}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </aside>
  );
}
