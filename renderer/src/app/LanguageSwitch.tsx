import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../../shared/domain/kernel/locale';
import { useLocale } from '../i18n';

export function LanguageSwitch() {
  const { t } = useTranslation();
  const locale = useLocale((s) => s.locale);
  const setLocale = useLocale((s) => s.setLocale);
  return (
    <Segmented<Locale>
      size="small"
      aria-label={t('lang.label')}
      data-testid="lang-switch"
      value={locale}
      onChange={(v) => setLocale(v)}
      options={[
        { label: <span data-testid="lang-zh">{t('lang.zh')}</span>, value: 'zh-CN' },
        { label: <span data-testid="lang-en">{t('lang.en')}</span>, value: 'en' },
      ]}
    />
  );
}
