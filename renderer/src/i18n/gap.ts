/**
 * House style in zh-CN: a space between Chinese and Latin letters or digits
 * ("请填写 PIN 码", "第 6 步"). A text that puts a value straight after a
 * Chinese character, where the value may start with either (a field's label:
 * "登录名", "PIN 码"), marks it with the `gap` format: "请填写{{field, gap}}".
 * The format (registered in ./index.ts) adds the space only when the value
 * starts with a Latin letter or a digit; the value itself is never changed.
 */
export function leadingGap(value: unknown): string {
  const text = String(value ?? '');
  return /^[A-Za-z0-9]/.test(text) ? ` ${text}` : text;
}
