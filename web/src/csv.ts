/** CSV for "Export CSV": RFC 4180 quoting, and text cells that a spreadsheet would run defused */

/**
 * one cell; text starting with = + - @ is prefixed with ' unless it is a plain number
 * @example cell('say "hi"') === '"say ""hi"""'
 */
export function cell(value: string | number | null | undefined): string {
  if (value == null) return "";
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && !/^[+-]?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** rows of cells as CSV text, CRLF line ends */
export function toCsv(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return `${rows.map((r) => r.map(cell).join(",")).join("\r\n")}\r\n`;
}
