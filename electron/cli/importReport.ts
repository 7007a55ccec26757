/** The CLI's account of an import's preview (./import.ts dry run, ./importWrite.ts): columns, every problem, unknown values, counts. */
import type { Locale } from '../../shared/domain/kernel/locale';
import { FIELD_LABELS } from '../../shared/domain/import/fields';
import { rowProblemLine, type ImportPreview } from '../desk';

/** `cases`: how many rows make cases (default: the preview's own list). */
export function report(
  p: ImportPreview,
  locale: Locale,
  out: (line: string) => void,
  cases: number = p.cases.length,
): void {
  const zh = locale === 'zh-CN';
  out(
    zh
      ? `文件“${p.file}”${p.encoding ? `（编码 ${p.encoding}）` : ''}，工作表“${p.sheet}”，表头在第 ${p.headerRow} 行。`
      : `File "${p.file}"${p.encoding ? ` (encoding ${p.encoding})` : ''}, sheet "${p.sheet}", header on row ${p.headerRow}.`,
  );
  for (const c of p.columns) out(`  ${c.header} → ${c.field ?? (zh ? '（不导入）' : '(not imported)')}`);
  if (p.missingRequired.length > 0) {
    const names = p.missingRequired.map((f) => `${FIELD_LABELS[f]['zh-CN']}（${f}）`).join('、');
    const example = JSON.stringify({
      headers: { [p.columns.find((c) => !c.field)?.header ?? '来访者']: p.missingRequired[0] },
    });
    out(
      zh
        ? `没有列对应必填项 ${names}：各行未检查，不能导入。用 --mapping 指定对应的列，例如 --mapping '${example}'。`
        : `No column is read as the required ${p.missingRequired.map((f) => `${FIELD_LABELS[f].en} (${f})`).join(', ')}: the rows were not checked and cannot be imported. Map ${p.missingRequired.map((f) => FIELD_LABELS[f]['zh-CN']).join(' and ')} with --mapping, e.g. --mapping '${example}'.`,
    );
  }
  if (p.missingColumns.length > 0) {
    out(
      zh
        ? `缺少这些列且没有默认值：${p.missingColumns.join('、')}（用 --mapping 的 defaults 指定）。`
        : `No column and no default for: ${p.missingColumns.join(', ')} (give them in --mapping's defaults).`,
    );
  }
  for (const line of p.problems.map((x) => rowProblemLine(locale, p.file, p.sheet, x))) out(line);
  if (p.unknownValues.length > 0) {
    out(
      zh
        ? '无法对应的值（用 --mapping 的 values 指定）：'
        : "Values matching no option (resolve them in --mapping's values):",
    );
    for (const u of p.unknownValues) {
      out(
        zh
          ? `  ${u.field}：“${u.text}” ${u.count} 行，首见第 ${u.firstRow} 行`
          : `  ${u.field}: "${u.text}" in ${u.count} rows, first on row ${u.firstRow}`,
      );
    }
  }
  const bad = new Set(p.problems.map((x) => x.row)).size;
  out(
    zh
      ? `共 ${p.rows} 行：可导入 ${cases} 行，有问题 ${bad} 行。`
      : `${p.rows} rows: ${cases} can be imported, ${bad} have problems.`,
  );
}
