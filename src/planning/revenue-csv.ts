import Big from "big.js";
import { parse } from "csv-parse/sync";

/** one month of what a customer paid, from the revenue CSV */
export interface RevenueRow {
  month: string;
  customer: string;
  revenue: Big;
  plan: string | null;
  /** the line of the file the row is on */
  line: number;
}

/** a bad revenue file: the message names file, line and field */
export class RevenueCsvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RevenueCsvError";
  }
}

const DECIMAL = /^\d+(\.\d+)?$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * Parse revenue CSV text (header `month,customer,revenue_usd[,plan]`); every row is checked
 * before any is returned, so a bad file yields nothing.
 * @example parseRevenueCsv("month,customer,revenue_usd\n2026-10,acme,10.00\n", "r.csv")[0].revenue.toFixed() // "10"
 */
export function parseRevenueCsv(text: string, file: string): RevenueRow[] {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, { columns: (h: string[]) => h.map((c) => c.trim()), info: true, skip_empty_lines: true, bom: true, trim: true }) as typeof records;
  } catch (e) {
    throw new RevenueCsvError(`${file}: not valid CSV (${(e as Error).message})`);
  }
  const header = records[0] ? Object.keys(records[0].record) : headerOf(text);
  for (const need of ["month", "customer", "revenue_usd"]) {
    if (!header.includes(need))
      throw new RevenueCsvError(`${file}:1: header: missing column "${need}" (expected month, customer, revenue_usd and optionally plan)`);
  }
  const seen = new Map<string, number>();
  return records.map(({ record, info }) => {
    const line = info.lines;
    const at = (field: string, why: string) => new RevenueCsvError(`${file}:${line}: ${field}: ${why}`);
    const month = record.month ?? "";
    if (!MONTH.test(month)) throw at("month", `expected YYYY-MM, got "${month}"`);
    const customer = record.customer ?? "";
    if (customer === "") throw at("customer", "empty");
    const amount = record.revenue_usd ?? "";
    if (!DECIMAL.test(amount)) throw at("revenue_usd", `expected a non-negative decimal like 10.00, got "${amount}"`);
    const key = `${month}\u0000${customer}`;
    const first = seen.get(key);
    if (first !== undefined) throw at("customer", `"${customer}" already has a row for ${month} (line ${first})`);
    seen.set(key, line);
    const plan = record.plan === undefined || record.plan === "" ? null : record.plan;
    return { month, customer, revenue: new Big(amount), plan, line };
  });
}

function headerOf(text: string): string[] {
  const first = text.replace(/^\uFEFF/, "").split(/\r?\n/)[0] ?? "";
  return first.split(",").map((c) => c.trim());
}
