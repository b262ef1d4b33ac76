/**
 * The ledger's query language as callers type it: dates, periods, dimensions, `key=value`
 * conditions and counts, parsed into a `Filter` and its parts. The CLI (flags) and the HTTP API
 * (query and body fields) both use it; a value that does not parse is an `InputError` whose message
 * names the flag or parameter it came from (`name`: "--by", "by", "scope", …).
 */
import { isDimension, type Dimension } from "../usage/event.js";
import { InputError } from "../shared/input-error.js";
import type { Filter, Period } from "./store.js";

/** a report's window and conditions as typed: --from/--to or --period, and --where (repeatable) */
export interface FilterFlags {
  from?: string;
  to?: string;
  period?: string;
  where: string[];
}

/** --from/--to or --period (2026, 2026-10, 2026-10-05) and --where key=value[,value…] */
export function filterFrom(flags: FilterFlags): Filter {
  const filter: Filter = {};
  if (flags.period) {
    if (flags.from || flags.to) throw new InputError("give --period or --from/--to, not both");
    Object.assign(filter, periodRange(flags.period));
  } else {
    const from = dateFlag("--from", flags.from);
    const to = dateFlag("--to", flags.to);
    if (from) filter.from = from;
    if (to) filter.to = to;
  }
  filter.where = flags.where.map((w) => {
    const eq = w.indexOf("=");
    if (eq <= 0) throw new InputError(`--where: expected key=value, got "${w}"`);
    const dimension = dimensionFlag("--where", w.slice(0, eq));
    return { dimension, values: w.slice(eq + 1).split(",") };
  });
  return filter;
}

/** a dimension name (team, model, tag.plan, …) */
export function dimensionFlag(name: string, value: string): Dimension {
  const d = value.trim();
  if (!isDimension(d)) {
    throw new InputError(`${name}: unknown dimension "${d}" (use team, project, feature, customer, user, model, provider, environment, … or tag.<key>)`);
  }
  return d;
}

/** --every: day, week or month */
export function periodFlag(value: string | undefined): Period | undefined {
  if (value === undefined) return undefined;
  if (value !== "day" && value !== "week" && value !== "month") throw new InputError(`--every: expected day, week or month, got "${value}"`);
  return value;
}

/** [from, to) of a year, month or day */
export function periodRange(period: string): { from: string; to: string } {
  let m = period.match(/^(\d{4})$/);
  if (m) return { from: `${m[1]}-01-01`, to: `${Number(m[1]) + 1}-01-01` };
  m = period.match(/^(\d{4})-(\d{2})$/);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) {
    const next = new Date(Date.UTC(Number(m[1]), Number(m[2]), 1));
    return { from: `${period}-01`, to: next.toISOString().slice(0, 10) };
  }
  m = period.match(/^(\d{4})-(\d{2})-(\d{2})$/);
  if (m && !Number.isNaN(Date.parse(period))) {
    const next = new Date(Date.parse(period) + 86_400_000);
    return { from: period, to: next.toISOString().slice(0, 10) };
  }
  throw new InputError(`--period: expected 2026, 2026-10 or 2026-10-05, got "${period}"`);
}

/** a non-negative whole number (0 when absent) */
export function countFlag(name: string, value: string | undefined): number {
  if (value === undefined) return 0;
  if (!/^\d+$/.test(value.trim())) throw new InputError(`${name}: expected a non-negative whole number, got "${value}"`);
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new InputError(`${name}: ${value} is too large`);
  return n;
}

/** a YYYY-MM-DD date or an ISO timestamp */
export function dateFlag(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}([T ].*)?$/.test(value) || Number.isNaN(Date.parse(value.slice(0, 10)))) {
    throw new InputError(`${name}: expected a date like 2025-06-10, got "${value}"`);
  }
  return value;
}
