import { csvField } from "../shared/csv.js";

/** how a command prints rows: an aligned table for people, JSON or CSV for programs */
export type Format = "table" | "json" | "csv";

export interface Column<Row> {
  header: string;
  value: (row: Row) => string | number | null | undefined;
  /** right-align (numbers, money) */
  align?: "left" | "right";
}

export function formatFrom(options: { json?: boolean; csv?: boolean }): Format {
  return options.json ? "json" : options.csv ? "csv" : "table";
}

/** an aligned plain-text table, header underlined */
export function renderTable<Row>(rows: readonly Row[], columns: readonly Column<Row>[]): string {
  const cells = rows.map((row) => columns.map((c) => cellText(c.value(row))));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => r[i]!.length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => (columns[i]!.align === "right" ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  const header = line(columns.map((c) => c.header));
  const rule = widths.map((w) => "─".repeat(w)).join("  ");
  return `${[header, rule, ...cells.map(line)].join("\n")}\n`;
}

/** RFC 4180 CSV with a header row */
export function renderCsv<Row>(rows: readonly Row[], columns: readonly Column<Row>[]): string {
  const line = (values: string[]) => values.map(csvField).join(",");
  return `${[line(columns.map((c) => c.header)), ...rows.map((r) => line(columns.map((c) => cellText(c.value(r)))))].join("\n")}\n`;
}

export { csvField } from "../shared/csv.js";

function cellText(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return "";
  return typeof v === "number" ? groupThousands(v) : v;
}

/** 1234567 → "1,234,567" (integers only: money stays a decimal string) */
export function groupThousands(n: number): string {
  return Number.isInteger(n) ? groupDigits(n.toString()) : String(n);
}

const groupDigits = (digits: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");

/** "$0.0075" style: the exact decimal, with a dollar sign and grouped whole part */
export function usd(amount: string): string {
  const negative = amount.startsWith("-");
  const [whole, frac] = (negative ? amount.slice(1) : amount).split(".");
  return `${negative ? "-" : ""}$${groupDigits(whole!)}${frac ? `.${frac}` : ""}`;
}
