/** Whether complaints of an item's kind fell since it was opened: "5 → 2 (30 days each)" with a coloured trend. */
import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RectEffectView } from '../../../../shared/contract/methods/rectification';
import { addDays } from '../../../../shared/domain/rectification/effect';

const TREND_COLORS = { fell: 'success', rose: 'error', same: 'default' } as const;

export function EffectCell({
  effect,
  available,
  detailed = false,
}: {
  effect: RectEffectView | null;
  available: boolean;
  detailed?: boolean;
}) {
  const { t } = useTranslation();
  if (!available) return <Typography.Text type="secondary">{t('rect.effectUnavailable')}</Typography.Text>;
  if (effect === null) return <Typography.Text type="secondary">{t('rect.effectNone')}</Typography.Text>;
  return (
    <span data-testid="rect-effect">
      <Tag color={TREND_COLORS[effect.trend]}>{t(`rect.${effect.trend}`)}</Tag>
      {t('rect.effectLine', { before: effect.before.count, after: effect.after.count, days: effect.days })}
      {detailed ? (
        <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
          {t('rect.windows', {
            beforeFrom: effect.before.fromDay,
            beforeTo: addDays(effect.before.toDay, -1),
            before: effect.before.count,
            afterFrom: effect.after.fromDay,
            afterTo: addDays(effect.after.toDay, -1),
            after: effect.after.count,
          })}
        </Typography.Text>
      ) : null}
    </span>
  );
}
