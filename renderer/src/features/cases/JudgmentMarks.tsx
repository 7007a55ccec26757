/**
 * A list row's judgment cell (issue 12): the escalation level, the
 * malicious-claim status, a repeat mark and the nature at close, each only
 * where set. Plain spans styled as tags (like the rest of a row: no antd
 * components, see CaseRow); the cell's title spells every mark out in full
 * when the column is too narrow for them all.
 */
import { useTranslation } from 'react-i18next';
import type { CaseSummary } from '../../../../shared/contract/methods/cases';
import './cases.css';

const MALICE_COLORS: Record<NonNullable<CaseSummary['maliceStatus']>, string> = {
  suspected: 'gold',
  malicious: 'red',
  good_faith: 'success',
};

export function JudgmentMarks({ c }: { c: CaseSummary }) {
  const { t } = useTranslation();
  const level = c.escalationLevel && c.escalationLevel !== 'counter' ? c.escalationLevel : null;
  const marks: { key: string; text: string; full: string; color: string }[] = [];
  if (level) {
    const name = t(`escalation.level.${level}`);
    marks.push({
      key: 'level',
      text: `↑${name}`,
      full: t('escalation.badge', { level: name }),
      color: 'volcano',
    });
  }
  if (c.maliceStatus) {
    marks.push({
      key: 'malice',
      text: t(`listFilters.maliceMark.${c.maliceStatus}`),
      full: t(`malice.status.${c.maliceStatus}`),
      color: MALICE_COLORS[c.maliceStatus],
    });
  }
  if (c.repeat) {
    marks.push({
      key: 'repeat',
      text: t('listFilters.repeatMark'),
      full: t(c.repeatSameCategory ? 'listFilters.repeatMarkSameHelp' : 'listFilters.repeatMarkHelp'),
      color: 'purple',
    });
  }
  if (c.nature) {
    const text = t(`nature.values.${c.nature}`);
    marks.push({
      key: 'nature',
      text,
      full: t('listFilters.natureMark', { nature: text }),
      color: 'default',
    });
  }
  return (
    <div
      role="gridcell"
      className="ld-judgment-marks"
      title={marks.map((m) => m.full).join(' · ') || undefined}
      data-testid="case-row-judgment"
      data-level={level ?? ''}
      data-malice={c.maliceStatus ?? ''}
      data-repeat={c.repeat ? 'true' : 'false'}
      data-repeat-same={c.repeatSameCategory ? 'true' : 'false'}
      data-nature={c.nature ?? ''}
    >
      {marks.map((m) => (
        <span key={m.key} className={`ld-tag ld-tag-${m.color}`} data-testid={`case-row-${m.key}`}>
          {m.text}
        </span>
      ))}
    </div>
  );
}
