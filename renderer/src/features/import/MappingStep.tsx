/**
 * The mapping screen: each column of the sheet with its header and the field
 * it is read as (or not imported), the columns a second time naming a field
 * (ignored), the sheet when the book has several, and a default for a
 * taxonomy field the sheet has no column for.
 */
import { useMemo } from 'react';
import { Alert, Descriptions, Select, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { ImportMapping, ImportPreviewView } from '../../../../shared/contract/methods/import';
import {
  FIELD_LABELS,
  IMPORT_FIELDS,
  REQUIRED_FIELDS,
  type ImportField,
} from '../../../../shared/domain/import/fields';
import { useLocale } from '../../i18n';
import { columnName, rememberedHeader, type ImportTaxonomyField, type MappingDraft } from './mappingDraft';
import { ScrollTable } from './ScrollTable';
import { ValuePicker } from './ValuePicker';

const NOT_IMPORTED = '__none';
type Column = ImportPreviewView['columns'][number];

interface Props {
  preview: ImportPreviewView;
  draft: MappingDraft;
  remembered: ImportMapping | null;
  disabled: boolean;
  onHeader: (header: string, field: ImportField | null) => void;
  onDefault: (field: ImportTaxonomyField, value: string | undefined) => void;
  onSheet: (sheet: string) => void;
}

export function MappingStep({ preview, draft, remembered, disabled, onHeader, onDefault, onSheet }: Props) {
  const { t } = useTranslation();
  const locale = useLocale((s) => s.locale);
  const other = locale === 'en' ? 'zh-CN' : 'en';

  const fieldOptions = useMemo(
    () => [
      { value: NOT_IMPORTED, label: t('importLog.notImported'), search: t('importLog.notImported') },
      ...IMPORT_FIELDS.map((f) => ({
        value: f,
        label: (
          <span>
            {FIELD_LABELS[f][locale]}
            <span className="ld-muted"> · {FIELD_LABELS[f][other]}</span>
          </span>
        ),
        search: `${FIELD_LABELS[f]['zh-CN']}|${FIELD_LABELS[f].en}`.toLowerCase(),
      })),
    ],
    [t, locale, other],
  );

  const duplicateOf = useMemo(() => {
    const m = new Map<number, ImportField>();
    for (const d of preview.duplicates) m.set(d.column, d.field);
    return m;
  }, [preview.duplicates]);
  const firstColumnOf = useMemo(() => {
    const m = new Map<ImportField, number>();
    for (const c of preview.columns) if (c.field && !duplicateOf.has(c.column)) m.set(c.field, c.column);
    return m;
  }, [preview.columns, duplicateOf]);

  const columns: ColumnsType<Column> = [
    {
      title: t('importLog.column'),
      key: 'column',
      width: 64,
      render: (_, c) => columnName(c.column),
    },
    {
      title: t('importLog.header'),
      key: 'header',
      ellipsis: true,
      render: (_, c) => <Typography.Text strong>{c.header}</Typography.Text>,
    },
    {
      title: t('importLog.field'),
      key: 'field',
      width: 300,
      render: (_, c) => {
        // A column naming a field a column before it already names is read as nothing (the first wins).
        const drafted = Object.prototype.hasOwnProperty.call(draft.headers, c.header)
          ? draft.headers[c.header]
          : undefined;
        const field = drafted !== undefined ? drafted : c.field;
        return (
          <Select<string>
            size="small"
            value={field ?? NOT_IMPORTED}
            disabled={disabled}
            options={fieldOptions}
            showSearch={{
              filterOption: (input, o) => (o?.search ?? '').includes(input.toLowerCase()),
            }}
            onChange={(v) => onHeader(c.header, v === NOT_IMPORTED ? null : (v as ImportField))}
            aria-label={t('importLog.fieldOf', { header: c.header })}
            style={{ width: '100%' }}
            data-testid={`import-field-${c.column}`}
          />
        );
      },
    },
    {
      title: t('importLog.note'),
      key: 'note',
      width: 300,
      render: (_, c) => {
        const dup = duplicateOf.get(c.column);
        const tags = [];
        if (dup) {
          const first = firstColumnOf.get(dup);
          tags.push(
            <Tag color="orange" key="dup" data-testid={`import-duplicate-${c.column}`}>
              {t('importLog.duplicate', {
                field: FIELD_LABELS[dup][locale],
                column: first === undefined ? '' : columnName(first),
              })}
            </Tag>,
          );
        } else if (!c.field) {
          tags.push(
            <Tag key="ignored" data-testid={`import-ignored-${c.column}`}>
              {t('importLog.ignored')}
            </Tag>,
          );
        } else if (REQUIRED_FIELDS.includes(c.field)) {
          tags.push(
            <Tag color="blue" key="required">
              {t('importLog.required')}
            </Tag>,
          );
        }
        if (rememberedHeader(remembered, c.header)) {
          tags.push(
            <Tag color="green" key="remembered">
              {t('importLog.remembered')}
            </Tag>,
          );
        }
        return tags;
      },
    },
  ];

  const missingRequired = preview.missingRequired ?? [];
  const defaultFields = (['channel', 'category', 'severity'] as const).filter(
    (f) => preview.missingColumns.includes(f) || draft.defaults[f] !== undefined,
  );

  return (
    <div className="ld-import-step" data-testid="import-mapping">
      <Descriptions size="small" column={3} className="ld-import-facts">
        <Descriptions.Item label={t('importLog.kind')}>
          {preview.kind.toUpperCase()}
          {preview.encoding ? ` · ${preview.encoding}` : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('importLog.sheet')}>
          {preview.sheets.length > 1 ? (
            <Select<string>
              size="small"
              value={preview.sheet}
              disabled={disabled}
              onChange={onSheet}
              options={preview.sheets.map((s) => ({ value: s, label: s }))}
              aria-label={t('importLog.sheet')}
              popupMatchSelectWidth={false}
              style={{ minWidth: 120 }}
              data-testid="import-sheet"
            />
          ) : (
            preview.sheet
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('importLog.headerRow')}>
          {t('importLog.rowN', { n: preview.headerRow })}
        </Descriptions.Item>
      </Descriptions>
      {missingRequired.length > 0 ? (
        <Alert
          type="error"
          showIcon
          title={t('importLog.missingRequiredTitle', {
            fields: missingRequired
              .map((f) => FIELD_LABELS[f][locale])
              .join(locale === 'en' ? '", "' : '”、“'),
          })}
          description={t('importLog.missingRequiredHint', {
            fields: missingRequired.map((f) => FIELD_LABELS[f][locale]).join(locale === 'en' ? ', ' : '、'),
          })}
          data-testid="import-missing-required"
        />
      ) : null}
      {defaultFields.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          title={
            <div className="ld-import-defaults" data-testid="import-defaults">
              <span>{t('importLog.defaultsTitle')}</span>
              {defaultFields.map((f) => (
                <label key={f}>
                  <span>{FIELD_LABELS[f][locale]}</span>
                  <ValuePicker
                    field={f}
                    value={draft.defaults[f]}
                    onChange={(v) => onDefault(f, v)}
                    placeholder={t('importLog.defaultPlaceholder')}
                    ariaLabel={t('importLog.defaultOf', { field: FIELD_LABELS[f][locale] })}
                    testId={`import-default-${f}`}
                    disabled={disabled}
                  />
                </label>
              ))}
            </div>
          }
        />
      ) : null}
      <ScrollTable<Column>
        rowKey="column"
        columns={columns}
        dataSource={preview.columns}
        testId="import-columns"
      />
    </div>
  );
}
