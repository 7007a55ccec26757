/**
 * On the case list: the analysis drill-down it shows (issue 14), as a chip
 * naming the period and each dimension value ("Complaint analysis:
 * 2026-11-01 – 2026-11-30 · Main category Banking"). Closing it removes the
 * drill (the other filters stay); "back" returns to the dashboard.
 */
import { Button, Tag } from 'antd';
import { CloseOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useCases } from '../../stores/cases';
import { useNav } from '../../stores/nav';
import { drillParts } from './drill';
import { useDimLabel } from './labels';
import { periodText } from './periods';
import './analysis.css';

export function DrillChip() {
  const { t } = useTranslation();
  const drill = useCases((s) => s.filters.analysis);
  const label = useDimLabel();
  const go = useNav((s) => s.go);
  if (!drill) return null;
  const parts = drillParts(drill).map(([dim, value]) =>
    dim === 'month'
      ? String(value)
      : t('analysis.drill.part', {
          dim: t(`analysis.dim.${dim}` as 'analysis.dim.gender'),
          value: label(dim, value),
        }),
  );
  const text = [t('analysis.drill.chip', { period: periodText(drill.period) }), ...parts].join(' · ');
  return (
    <div className="ld-an-chip" data-testid="analysis-drill-chip">
      <Tag color="blue" style={{ marginInlineEnd: 0 }} data-testid="analysis-drill-tag">
        {text}
        {/* A button, not the tag's own close icon, so the keyboard reaches it. */}
        <Button
          type="text"
          size="small"
          icon={<CloseOutlined />}
          onClick={() => useCases.getState().setFilters({ analysis: undefined })}
          aria-label={t('analysis.drill.remove')}
          title={t('analysis.drill.remove')}
          className="ld-an-chip-remove"
          data-testid="analysis-drill-remove"
        />
      </Tag>
      <Button
        type="link"
        size="small"
        onClick={() => go({ name: 'analysis' })}
        data-testid="analysis-drill-back"
      >
        {t('analysis.drill.back')}
      </Button>
    </div>
  );
}
