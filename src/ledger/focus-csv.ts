import { csvField } from "../shared/csv.js";
import { FOCUS_COLUMNS, toFocus, type FocusRecord, type FocusRow } from "./focus.js";

export { csvField };

/**
 * FOCUS rows as CSV text (RFC 4180): a header of the FOCUS column ids, CRLF line breaks,
 * fields quoted when they hold a comma, quote or line break, and empty fields for nulls.
 */

function csvLine(record: FocusRecord): string {
  return `${FOCUS_COLUMNS.map((c) => csvField(record[c])).join(",")}\r\n`;
}

/**
 * The CSV a line at a time (header first), for exports too large to hold as one string.
 *
 * @example
 * for (const line of focusCsvLines(rows)) out.write(line);
 */
export function* focusCsvLines(rows: Iterable<FocusRow>): Generator<string> {
  yield `${FOCUS_COLUMNS.join(",")}\r\n`;
  for (const row of rows) yield csvLine(toFocus(row));
}

/**
 * A FOCUS-conformant CSV of the given rows.
 *
 * @example
 * focusCsv([{ period_start: "2026-11-01", period_end: "2026-11-02", provider: "openai", model: "gpt-4o-mini",
 *   token_class: "output", quantity: 1_000_000, list_cost: "0.6", billed_cost: "0.6", effective_cost: "0.6" }]);
 * // "BilledCost,BillingAccountId,…\r\n0.6,openai,…\r\n"
 */
export function focusCsv(rows: Iterable<FocusRow>): string {
  let out = "";
  for (const line of focusCsvLines(rows)) out += line;
  return out;
}
