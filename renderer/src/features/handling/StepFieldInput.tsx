import { Checkbox, DatePicker, Input, InputNumber, Select } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { FieldValue } from '../../../../shared/domain/cases/payloads';
import { type Locale, localize } from '../../../../shared/domain/kernel/locale';
import type { ScriptField, Taxonomy } from '../../../../shared/domain/cases/script';
import { maxLengthOf, optionsFor } from '../../../../shared/domain/cases/scriptRules';

interface Props {
  field: ScriptField;
  value: FieldValue | undefined;
  onChange(value: FieldValue | undefined): void;
  taxonomy: Taxonomy;
  locale: Locale;
  autoFocus: boolean;
  invalid: boolean;
  /** The script's help, shown in an empty text box (the label's tooltip has it too). */
  placeholder?: string | undefined;
  /** Choice values this role may not pick (e.g. a malicious claim for a counter clerk). */
  hiddenOptions?: ReadonlySet<string>;
  /** The role may not change this field (a supervisor's determination stands). */
  locked?: boolean;
}

/** One field of a script step, rendered by its kind. */
export function StepFieldInput({
  field,
  value,
  onChange,
  taxonomy,
  locale,
  autoFocus,
  invalid,
  placeholder,
  hiddenOptions,
  locked,
}: Props) {
  const { t } = useTranslation();
  const testId = `step-field-${field.key}`;
  const id = `ld-field-${field.key}`;
  const status = invalid ? 'error' : undefined;

  switch (field.kind) {
    case 'boolean':
      return (
        <Checkbox
          id={id}
          autoFocus={autoFocus}
          checked={value === true}
          onChange={(e) => onChange(e.target.checked)}
          data-testid={testId}
        >
          {field.required || field.mustBeTrue ? (
            <span className="ld-required-mark" aria-hidden>
              *
            </span>
          ) : null}
          {localize(field.label, locale)}
        </Checkbox>
      );
    case 'text':
      return (
        <Input
          id={id}
          autoFocus={autoFocus}
          status={status}
          value={typeof value === 'string' ? value : ''}
          maxLength={maxLengthOf(field)}
          placeholder={placeholder}
          onChange={(e) => onChange(e.target.value)}
          data-testid={testId}
        />
      );
    case 'longtext':
      return (
        <Input.TextArea
          id={id}
          autoFocus={autoFocus}
          status={status}
          value={typeof value === 'string' ? value : ''}
          maxLength={maxLengthOf(field)}
          showCount
          // Short enough that a step's fields fit the window; longer text scrolls in the box.
          autoSize={{ minRows: 2, maxRows: 5 }}
          placeholder={placeholder}
          // Ctrl+Enter records the step: the step form catches it before the box does.
          onChange={(e) => onChange(e.target.value)}
          data-testid={testId}
        />
      );
    case 'choice':
      return (
        <Select<string>
          id={id}
          autoFocus={autoFocus}
          status={status}
          value={typeof value === 'string' ? value : undefined}
          placeholder={t('handling.selectOption')}
          allowClear={!field.required}
          showSearch={{ optionFilterProp: 'label' }}
          onChange={(v) => onChange(v ?? null)}
          disabled={locked}
          options={optionsFor(field, taxonomy)
            .filter((o) => !hiddenOptions?.has(o.value) || o.value === value)
            .map((o) => ({
              value: o.value,
              label: localize(o.label, locale),
            }))}
          style={{ minWidth: 240, maxWidth: 480 }}
          data-testid={testId}
        />
      );
    case 'datetime':
      return (
        <DatePicker
          id={id}
          autoFocus={autoFocus}
          status={status}
          showTime={{ format: 'HH:mm' }}
          format="YYYY-MM-DD HH:mm"
          placeholder={t('handling.selectDate')}
          value={typeof value === 'string' && dayjs(value).isValid() ? dayjs(value) : null}
          onChange={(d) => onChange(d ? d.second(0).millisecond(0).format() : null)}
          // Enter confirms the typed date; it must not also submit the step.
          onKeyDown={(e) => {
            if (e.key === 'Enter') e.preventDefault();
          }}
          style={{ width: 240 }}
          data-testid={testId}
        />
      );
    case 'number':
      return (
        <InputNumber<number>
          id={id}
          autoFocus={autoFocus}
          status={status}
          value={typeof value === 'number' ? value : null}
          onChange={(v) => onChange(typeof v === 'number' ? v : null)}
          style={{ width: 160 }}
          data-testid={testId}
        />
      );
  }
}
