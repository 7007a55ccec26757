/**
 * The item rows of a work-order form (issue 11, O5b): a title from the order
 * kind's catalogue or typed freely, the trade, the safety flag (raised at once
 * when the templates name the item a safety item, and then not lowered),
 * labour and parts in yuan, and each item's sum. Used by the new order, the
 * rework return and the extra fault (one row, `single`).
 */
import {
  AutoComplete,
  Button,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Select,
  Tooltip,
  type FormInstance,
} from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '../../../../shared/domain/kernel/limits';
import { localize } from '../../../../shared/domain/kernel/locale';
import { findKind, tradeLabel, type OrderTemplates } from '../../../../shared/domain/orders/template';
import { useLocale } from '../../i18n';
import { escClosesDialog } from '../../lib/dialogEsc';
import { emptyItemRow, formatYuan, rowFen, templateSafety, type ItemRow } from './orderItems';

interface Props {
  form: FormInstance;
  templates: OrderTemplates;
  kind: string;
  /** The list's field name on the form (default `items`). */
  name?: string;
  /** One item, no adding or removing (the extra fault). */
  single?: boolean;
  /** In a dialog: Esc in the title or trade field closes it (antd's quirk: lib/dialogEsc.ts). */
  onEscape?: () => void;
}

export function ItemsEditor({ form, templates, kind, name = 'items', single = false, onEscape }: Props) {
  const { t } = useTranslation();
  const esc = onEscape ? escClosesDialog(onEscape) : {};
  const locale = useLocale((s) => s.locale);
  const kindT = findKind(templates, kind);
  const rows = (Form.useWatch(name, form) as ItemRow[] | undefined) ?? [];
  const catalogue = kindT?.catalogue ?? [];
  const catalogueOptions = catalogue.map((c) => ({
    value: localize(c.label, locale),
    label: (
      <span>
        {localize(c.label, locale)}
        <span className="ld-muted" style={{ marginInlineStart: 8, fontSize: 12 }}>
          {tradeLabel(templates, c.trade, locale)}
          {c.safety ? ` · ${t('orderForms.safety')}` : ''}
        </span>
      </span>
    ),
  }));
  const tradeOptions = (kindT?.trades ?? []).map((v) => ({
    value: v,
    label: tradeLabel(templates, v, locale),
  }));

  /** A title typed or picked: the catalogue entry it names (its trade with it), and safety raised when the templates say so. */
  function onTitle(index: number, title: string) {
    const entry = catalogue.find(
      (c) => localize(c.label, locale) === title || c.label['zh-CN'] === title || c.label.en === title,
    );
    const path = [name, index];
    const row: ItemRow = { ...(form.getFieldValue(path) as ItemRow), title, catalogueKey: entry?.key };
    form.setFieldValue([...path, 'catalogueKey'], entry?.key);
    if (entry) form.setFieldValue([...path, 'trade'], entry.trade);
    if (templateSafety(templates, kind, row)) form.setFieldValue([...path, 'safety'], true);
  }

  return (
    <Form.List name={name}>
      {(fields, { add, remove }, { errors }) => (
        <div className="ld-order-items" data-testid="order-items">
          {fields.map((field, i) => {
            const row = rows[field.name];
            const locked = templateSafety(templates, kind, row);
            return (
              <div key={field.key} className="ld-order-item" data-testid={`order-item-${i}`}>
                <div className="ld-order-item-row">
                  <span className="ld-order-item-n">{single ? '' : `${i + 1}.`}</span>
                  <Form.Item name={[field.name, 'catalogueKey']} hidden>
                    <Input />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'title']}
                    label={t('orderForms.itemTitle')}
                    className="ld-grow"
                    rules={[
                      {
                        required: true,
                        whitespace: true,
                        message: t('common.required', { field: t('orderForms.itemTitle') }),
                      },
                    ]}
                  >
                    <AutoComplete
                      {...esc}
                      options={catalogueOptions}
                      filterOption={(input, option) =>
                        String(option?.value ?? '')
                          .toLowerCase()
                          .includes(input.toLowerCase())
                      }
                      onChange={(v: string) => onTitle(field.name, v)}
                      placeholder={t('orderForms.itemTitleHint')}
                    >
                      <Input maxLength={LIMITS.shortText} data-testid={`order-item-title-${i}`} />
                    </AutoComplete>
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'trade']}
                    label={t('orderForms.trade')}
                    style={{ width: 130 }}
                    rules={[{ required: true, message: t('orderForms.pickTrade') }]}
                  >
                    <Select {...esc} options={tradeOptions} data-testid={`order-item-trade-${i}`} />
                  </Form.Item>
                  <Tooltip title={locked ? t('orderForms.safetyLocked') : t('orderForms.safetyHelp')}>
                    <Form.Item
                      name={[field.name, 'safety']}
                      label={t('orderForms.safety')}
                      valuePropName="checked"
                    >
                      <Checkbox disabled={locked} data-testid={`order-item-safety-${i}`} />
                    </Form.Item>
                  </Tooltip>
                  <Form.Item
                    name={[field.name, 'labour']}
                    label={t('orderForms.labour')}
                    style={{ width: 130 }}
                  >
                    <InputNumber<number>
                      min={0}
                      max={100_000_000}
                      precision={2}
                      step={10}
                      style={{ width: '100%' }}
                      data-testid={`order-item-labour-${i}`}
                    />
                  </Form.Item>
                  <div className="ld-order-item-sum" data-testid={`order-item-sum-${i}`}>
                    {formatYuan(rowFen(row), locale)}
                  </div>
                  {single ? null : (
                    <Button
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      aria-label={t('orderForms.removeItem')}
                      title={t('orderForms.removeItem')}
                      disabled={fields.length <= 1}
                      onClick={() => remove(field.name)}
                      data-testid={`order-item-remove-${i}`}
                    />
                  )}
                </div>
                <PartsEditor itemIndex={field.name} n={i} />
              </div>
            );
          })}
          {single ? null : (
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              onClick={() => {
                add(emptyItemRow(kindT));
                const at = fields.length;
                setTimeout(() => form.focusField([name, at, 'title']), 0);
              }}
              data-testid="order-item-add"
            >
              {t('orderForms.addItem')}
            </Button>
          )}
          <Form.ErrorList errors={errors} />
        </div>
      )}
    </Form.List>
  );
}

/** The parts of one item: name, quantity, unit price in yuan. */
function PartsEditor({ itemIndex, n }: { itemIndex: number; n: number }) {
  const { t } = useTranslation();
  return (
    <Form.List name={[itemIndex, 'parts']}>
      {(parts, { add, remove }) => (
        <div className="ld-order-parts">
          {parts.map((part, j) => (
            <div key={part.key} className="ld-order-part-row">
              <Form.Item
                name={[part.name, 'name']}
                className="ld-grow"
                rules={[
                  {
                    required: true,
                    whitespace: true,
                    message: t('common.required', { field: t('orderForms.partName') }),
                  },
                ]}
              >
                <Input
                  placeholder={t('orderForms.partName')}
                  aria-label={t('orderForms.partName')}
                  maxLength={LIMITS.shortText}
                  data-testid={`order-part-name-${n}-${j}`}
                />
              </Form.Item>
              <Form.Item name={[part.name, 'qty']} style={{ width: 110 }}>
                <InputNumber<number>
                  min={1}
                  max={10_000}
                  precision={0}
                  prefix={t('orderForms.qtyPrefix')}
                  aria-label={t('orderForms.qty')}
                  style={{ width: '100%' }}
                  data-testid={`order-part-qty-${n}-${j}`}
                />
              </Form.Item>
              <Form.Item name={[part.name, 'unit']} style={{ width: 150 }}>
                <InputNumber<number>
                  min={0}
                  max={100_000_000}
                  precision={2}
                  prefix="¥"
                  placeholder={t('orderForms.unitPrice')}
                  aria-label={t('orderForms.unitPrice')}
                  style={{ width: '100%' }}
                  data-testid={`order-part-unit-${n}-${j}`}
                />
              </Form.Item>
              <Button
                type="text"
                icon={<DeleteOutlined />}
                aria-label={t('orderForms.removePart')}
                title={t('orderForms.removePart')}
                onClick={() => remove(part.name)}
              />
            </div>
          ))}
          <Button
            type="link"
            size="small"
            icon={<PlusOutlined />}
            onClick={() => add({ name: '', qty: 1, unit: null })}
            data-testid={`order-part-add-${n}`}
          >
            {t('orderForms.addPart')}
          </Button>
        </div>
      )}
    </Form.List>
  );
}

/** The quote: the sum of every item's labour and parts. */
export function QuoteTotal({ form, name = 'items' }: { form: FormInstance; name?: string }) {
  const { t } = useTranslation();
  const locale = useLocale((s) => s.locale);
  const rows = (Form.useWatch(name, form) as ItemRow[] | undefined) ?? [];
  const labour = rows.reduce((s, r) => s + rowFen({ labour: r?.labour }), 0);
  const total = rows.reduce((s, r) => s + rowFen(r), 0);
  return (
    <div className="ld-order-quote" data-testid="order-quote">
      <span>{t('orderForms.quoteLabour', { amount: formatYuan(labour, locale) })}</span>
      <span>{t('orderForms.quoteParts', { amount: formatYuan(total - labour, locale) })}</span>
      <strong data-testid="order-quote-total">
        {t('orderForms.quoteTotal', { amount: formatYuan(total, locale) })}
      </strong>
    </div>
  );
}
