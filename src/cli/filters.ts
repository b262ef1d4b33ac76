import { isDimension, type Dimension } from "../usage/event.js";
import type { Filter, Period } from "../ledger/store.js";
import { dateFlag, UsageError } from "./errors.js";

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
    if (flags.from || flags.to) throw new UsageError("give --period or --from/--to, not both");
    Object.assign(filter, periodRange(flags.period));
  } else {
    const from = dateFlag("--from", flags.from);
    const to = dateFlag("--to", flags.to);
    if (from) filter.from = from;
    if (to) filter.to = to;
  }
  filter.where = flags.where.map((w) => {
    const eq = w.indexOf("=");
    if (eq <= 0) throw new UsageError(`--where: expected key=value, got "${w}"`);
    const dimension = dimensionFlag("--where", w.slice(0, eq));
    return { dimension, values: w.slice(eq + 1).split(",") };
  });
  return filter;
}

export function dimensionFlag(flag: string, name: string): Dimension {
  const d = name.trim();
  if (!isDimension(d)) {
    throw new UsageError(`${flag}: unknown dimension "${d}" (use team, project, feature, customer, user, model, provider, environment, … or tag.<key>)`);
  }
  return d;
}

export function periodFlag(value: string | undefined): Period | undefined {
  if (value === undefined) return undefined;
  if (value !== "day" && value !== "week" && value !== "month") throw new UsageError(`--every: expected day, week or month, got "${value}"`);
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
  throw new UsageError(`--period: expected 2026, 2026-10 or 2026-10-05, got "${period}"`);
}
