/**
 * Budgets: what a budget is, which calls it covers, and which window of time it counts.
 *
 * The period window is derived from the clock on every call (`periodWindow`), never stored and
 * reset by a job: a budget's counters are keyed by the window's start, so a new period simply
 * reads a new key that starts at zero (LiteLLM's reset job is where its "budget never resets"
 * bugs come from). Windows are calendar-aligned in an IANA zone (weeks start Monday) and
 * returned as UTC instants, so a DST week is 167 or 169 hours long, as the wall clock says.
 */
import Big from "big.js";
import { z } from "zod";
import { InputError } from "../shared/input-error.js";
import type { Attribution } from "../usage/event.js";

export type BudgetAction = "alert" | "block" | "downgrade";
export type CalendarPeriod = "day" | "week" | "month" | "quarter";
/** a calendar period, or `START..END` (dates, both inclusive, in the budget's zone) */
export type Period = CalendarPeriod | `${string}..${string}`;

/** scope keys: the attribution dimensions, `key` (the API key id), `model`, `tag.<key>` */
export const SCOPE_KEYS = ["org", "team", "project", "feature", "customer", "user", "key", "environment", "model"] as const;

export interface Budget {
  name: string;
  /** every entry must match; empty = every call */
  scope: Record<string, string>;
  period: Period;
  /** IANA zone the period is aligned in (default UTC) */
  tz: string;
  /** the limit in USD, an exact decimal string */
  amountUsd: string;
  /** alert thresholds in percent of the limit, ascending */
  alerts: number[];
  action: BudgetAction;
  downgradeTo?: string;
  webhook?: string;
  /** bounds each reservation (agent calls with a huge max_tokens and small real output) */
  holdCapUsd?: string;
}

export interface PeriodWindow {
  /** UTC epoch ms, inclusive */
  start: number;
  /** UTC epoch ms, exclusive */
  end: number;
}

/** an InputError, so that the CLI answers it with exit code 2 and the API with a 400 naming the field */
export class BudgetError extends InputError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = "BudgetError";
  }
}

const usd = z.string().regex(/^\d+(\.\d+)?$/, 'must be a non-negative decimal string such as "25.00"');
const isUsd = (v: unknown): v is string => typeof v === "string" && /^\d+(\.\d+)?$/.test(v);
const RANGE = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/;

export const BudgetSchema = z
  .strictObject({
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, "letters, digits and _ . : - only"),
    scope: z.record(z.string(), z.string().min(1)).default({}),
    period: z.string(),
    tz: z.string().default("UTC"),
    amountUsd: usd,
    alerts: z.array(z.number().positive().max(1000)).default([50, 80, 100]),
    action: z.enum(["alert", "block", "downgrade"]),
    downgradeTo: z.string().min(1).optional(),
    webhook: z.url().optional(),
    holdCapUsd: usd.optional(),
  })
  .superRefine((b, ctx) => {
    // zod still runs this refinement when a field above failed: read nothing that did not parse
    for (const key of typeof b.scope === "object" && b.scope !== null ? Object.keys(b.scope) : []) {
      if (!(SCOPE_KEYS as readonly string[]).includes(key) && !/^tag\.[A-Za-z0-9_.:-]+$/.test(key)) {
        ctx.addIssue({ code: "custom", path: ["scope", key], message: `unknown scope key (one of ${SCOPE_KEYS.join(", ")}, tag.<key>)` });
      }
    }
    const periodError = typeof b.period === "string" ? checkPeriod(b.period) : undefined;
    if (periodError) ctx.addIssue({ code: "custom", path: ["period"], message: periodError });
    if (!validZone(b.tz)) ctx.addIssue({ code: "custom", path: ["tz"], message: `unknown time zone "${b.tz}"` });
    if (b.action === "downgrade" && !b.downgradeTo) ctx.addIssue({ code: "custom", path: ["downgradeTo"], message: "required when action is downgrade" });
    if (b.action !== "downgrade" && b.downgradeTo) ctx.addIssue({ code: "custom", path: ["downgradeTo"], message: "only with action downgrade" });
    if (isUsd(b.amountUsd) && new Big(b.amountUsd).lte(0)) ctx.addIssue({ code: "custom", path: ["amountUsd"], message: "must be above 0" });
    if (isUsd(b.holdCapUsd) && new Big(b.holdCapUsd).lte(0)) ctx.addIssue({ code: "custom", path: ["holdCapUsd"], message: "must be above 0" });
  });

/** a checked budget with defaults filled in; throws a BudgetError naming the first bad field */
export function parseBudget(input: unknown): Budget {
  const r = BudgetSchema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new BudgetError(issue.path.length ? issue.path.join(".") : "budget", issue.message);
  }
  const b = r.data;
  return { ...b, period: b.period as Period, alerts: [...new Set(b.alerts)].sort((x, y) => x - y) };
}

function checkPeriod(period: string): string | undefined {
  if (period === "day" || period === "week" || period === "month" || period === "quarter") return undefined;
  const m = RANGE.exec(period);
  if (!m) return `"${period}" is not day, week, month, quarter or YYYY-MM-DD..YYYY-MM-DD`;
  if (!validDate(m[1]!) || !validDate(m[2]!)) return `"${period}" has an invalid date`;
  if (m[2]! < m[1]!) return `"${period}" ends before it starts`;
  return undefined;
}

function validDate(d: string): boolean {
  const t = Date.parse(`${d}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === d;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(tz, f);
  }
  return f;
}

function validZone(tz: string): boolean {
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

interface Wall {
  y: number;
  m: number; // 1-12
  d: number;
  h: number;
  mi: number;
  s: number;
}

function wallClock(t: number, tz: string): Wall {
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(new Date(t))) if (p.type !== "literal") parts[p.type] = Number(p.value);
  return { y: parts.year!, m: parts.month!, d: parts.day!, h: parts.hour!, mi: parts.minute!, s: parts.second! };
}

/** the zone's offset from UTC at instant t, in ms (wall − utc) */
function offsetAt(t: number, tz: string): number {
  const w = wallClock(t, tz);
  return Date.UTC(w.y, w.m - 1, w.d, w.h, w.mi, w.s) - Math.floor(t / 1000) * 1000;
}

/**
 * The first instant of the local day y-m-d in tz. Where midnight itself does not exist (a DST
 * jump at 00:00, e.g. America/Santiago), the day starts at the first wall time after the gap.
 */
export function startOfLocalDay(y: number, m: number, d: number, tz: string): number {
  const wall = Date.UTC(y, m - 1, d);
  let t = wall - offsetAt(wall, tz);
  t = wall - offsetAt(t, tz);
  // in a gap the guess lands before midnight (on the previous day): with the offset in force
  // just before the jump, it lands on the jump itself, the first instant of the day
  const w = wallClock(t, tz);
  if (Date.UTC(w.y, w.m - 1, w.d) < wall) t = wall - offsetAt(t, tz);
  return t;
}

/**
 * The window of `period` (in zone `tz`) that contains `now`; for `START..END` the fixed range,
 * whether or not it contains `now` (see `inWindow`).
 * @example periodWindow("month", "Europe/Paris", Date.parse("2026-03-15T12:00:00Z"))
 * // { start: 2026-02-28T23:00:00Z, end: 2026-03-31T22:00:00Z }
 */
export function periodWindow(period: string, tz: string, now: number): PeriodWindow {
  const periodError = checkPeriod(period);
  if (periodError) throw new BudgetError("period", periodError);
  if (!validZone(tz)) throw new BudgetError("tz", `unknown time zone "${tz}"`);
  if (!Number.isFinite(now)) throw new BudgetError("now", "not a valid instant");
  const range = RANGE.exec(period);
  if (range) {
    const [sy, sm, sd] = range[1]!.split("-").map(Number) as [number, number, number];
    const [ey, em, ed] = range[2]!.split("-").map(Number) as [number, number, number];
    const after = new Date(Date.UTC(ey, em - 1, ed + 1));
    return { start: startOfLocalDay(sy, sm, sd, tz), end: startOfLocalDay(after.getUTCFullYear(), after.getUTCMonth() + 1, after.getUTCDate(), tz) };
  }
  const w = wallClock(now, tz);
  // calendar arithmetic on the wall date, done in UTC so it has no DST of its own
  const day = (y: number, m: number, d: number) => {
    const c = new Date(Date.UTC(y, m - 1, d));
    return startOfLocalDay(c.getUTCFullYear(), c.getUTCMonth() + 1, c.getUTCDate(), tz);
  };
  switch (period as CalendarPeriod) {
    case "day":
      return { start: day(w.y, w.m, w.d), end: day(w.y, w.m, w.d + 1) };
    case "week": {
      const dow = (new Date(Date.UTC(w.y, w.m - 1, w.d)).getUTCDay() + 6) % 7; // Monday = 0
      return { start: day(w.y, w.m, w.d - dow), end: day(w.y, w.m, w.d - dow + 7) };
    }
    case "month":
      return { start: day(w.y, w.m, 1), end: day(w.y, w.m + 1, 1) };
    case "quarter": {
      const q = Math.floor((w.m - 1) / 3) * 3 + 1;
      return { start: day(w.y, q, 1), end: day(w.y, q + 3, 1) };
    }
  }
}

export function inWindow(window: PeriodWindow, now: number): boolean {
  return now >= window.start && now < window.end;
}

/** the state key of a budget's counters in one period: a new period is a new key, starting at 0 */
export function budgetKey(name: string, window: PeriodWindow): string {
  return `budget:${name}@${new Date(window.start).toISOString()}`;
}

// a scope's entries, listed once: admission matches every budget's scope on every call
const scopeEntries = new WeakMap<object, readonly (readonly [string, string])[]>();
function entriesOf(scope: Readonly<Record<string, string>>): readonly (readonly [string, string])[] {
  let e = scopeEntries.get(scope);
  if (!e) scopeEntries.set(scope, (e = Object.entries(scope)));
  return e;
}

/** does every entry of a scope match the call? (`key` is the API key id; `model` the requested model) */
export function scopeMatches(scope: Readonly<Record<string, string>>, attribution: Attribution, model: string): boolean {
  for (const [key, want] of entriesOf(scope)) {
    let have: string | undefined;
    if (key === "model") have = model;
    else if (key === "key") have = attribution.api_key_id;
    else if (key.startsWith("tag.")) have = attribution.tags?.[key.slice(4)];
    else have = attribution[key as Exclude<keyof Attribution, "tags">];
    if (have !== want) return false;
  }
  return true;
}

/** does the budget count this call? */
export function budgetCovers(budget: Pick<Budget, "scope">, attribution: Attribution, model: string): boolean {
  return scopeMatches(budget.scope, attribution, model);
}
