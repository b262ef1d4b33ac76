/**
 * One RFC 4180 CSV field: quoted when it holds a comma, quote or line break (quotes doubled);
 * null is an empty field.
 * @example csvField('say "hi", then') // "\"say \"\"hi\"\", then\""
 */
export function csvField(value: string | null): string {
  if (value === null) return "";
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
