/**
 * The unknown values screen: each cell text the taxonomy did not know (its
 * field, how many rows carry it, the first of them) with a picker of the
 * taxonomy's values to read it as. A gender, status or other word the desk
 * cannot map is fixed in the file instead; the screen says so.
 */
import { Alert, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { FIELD_LABELS } from '../../../../shared/domain/import/fields';
import { useLocale } from '../../i18n';
import { formatCount } from '../../lib/format';
import { isTaxonomyField, type ImportTaxonomyField, type UnknownValue } from './mappingDraft';
import { ScrollTable } from './ScrollTable';
import { ValuePicker } from './ValuePicker';

interface Row {
  value: UnknownValue;
  resolved: string | undefined;
}

interface Props {
  rows: Row[];
  disabled: boolean;
  onValue: (field: ImportTaxonomyField, text: string, value: string | undefined) => void;
}

export function UnknownValuesStep({ rows, disabled, onValue }: Props) {
  const { t } = useTranslation();
  const locale = useLocale((s) => s.locale);

  const columns: ColumnsType<Row> = [
    {
      title: t('importLog.unknownField'),
      key: 'field',
      width: 150,
      render: (_, r) => FIELD_LABELS[r.value.field][locale],
    },
    {
      title: t('importLog.unknownText'),
      key: 'text',
      ellipsis: true,
      render: (_, r) => <Typography.Text strong>{r.value.text}</Typography.Text>,
    },
    {
      title: t('importLog.unknownRows'),
      key: 'count',
      width: 170,
      render: (_, r) =>
        t('importLog.unknownCount', {
          n: formatCount(r.value.count, locale),
          row: r.value.firstRow,
          count: r.value.count,
        }),
    },
    {
      title: t('importLog.unknownMapTo'),
      key: 'map',
      width: 360,
      render: (_, r, i) => {
        const f = r.value.field;
        if (!isTaxonomyField(f)) {
          return <Typography.Text type="secondary">{t('importLog.fixInFile')}</Typography.Text>;
        }
        return (
          <div className="ld-import-map-to">
            <ValuePicker
              field={f}
              value={r.resolved}
              onChange={(v) => onValue(f, r.value.text, v)}
              placeholder={t('importLog.pickValue')}
              ariaLabel={t('importLog.mapValue', { text: r.value.text, field: FIELD_LABELS[f][locale] })}
              testId={`import-unknown-${i}`}
              disabled={disabled}
            />
            {r.resolved !== undefined ? <Tag color="green">{t('importLog.mapped')}</Tag> : null}
          </div>
        );
      },
    },
  ];

  return (
    <div className="ld-import-step" data-testid="import-unknowns">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {t('importLog.unknownIntro')}
      </Typography.Paragraph>
      {rows.length === 0 ? (
        <Alert type="success" showIcon title={t('importLog.noUnknowns')} data-testid="import-no-unknowns" />
      ) : (
        <ScrollTable<Row>
          rowKey={(r) => `${r.value.field}\u0000${r.value.text}`}
          columns={columns}
          dataSource={rows}
          testId="import-unknown-table"
        />
      )}
    </div>
  );
}
