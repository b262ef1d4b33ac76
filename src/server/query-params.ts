/**
 * The API's query parameters, checked before anything reads them: a bad one is a 400 that names
 * it, never a store error. Dates must be real calendar days, time zones IANA names.
 */
import { isDimension, type Dimension } from "../usage/event.js";
import type { Filter, Period } from "../ledger/store.js";
import { ApiError } from "./api-error.js";

/** a request's query string, as Hono gives it */
export interface Query {
  one(name: string): string | undefined;
  all(name: string): string[];
}

const bad = (name: string, message: string): ApiError => new ApiError(400, "invalid_request_error", `${name}: ${message}`);

/** YYYY-MM-DD that names a day of the calendar (not 2026-02-30) */
export function realDay(day: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/**
 * A day (2026-10-05) or an instant (2026-10-05T12:00:00Z), else a 400.
 *
 * @example
 * dateParam("from", "2026-10-05"); // "2026-10-05"
 * dateParam("from", "2026-02-30"); // throws: from: expected a date like 2026-10-05 …
 */
export function dateParam(name: string, value: string | undefined): string | undefined {
  if (value === undefined || value === "") return undefined;
  const instant = value.length === 10 || (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(value) && !Number.isNaN(Date.parse(value)));
  if (!instant || !realDay(value.slice(0, 10))) throw bad(name, `expected a date like 2026-10-05 or 2026-10-05T12:00:00Z, got ${JSON.stringify(value)}`);
  return value;
}

/** [from, to) of a period: 2026, 2026-10 or 2026-10-05 */
export function periodParam(name: string, value: string): { from: string; to: string } {
  const fail = (): ApiError => bad(name, `expected 2026, 2026-10 or 2026-10-05, got ${JSON.stringify(value)}`);
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value);
  if (!m) throw fail();
  const [y, mo, d] = [Number(m[1]), m[2] === undefined ? undefined : Number(m[2]), m[3] === undefined ? undefined : Number(m[3])];
  const day = (t: number): string => new Date(t).toISOString().slice(0, 10);
  if (mo === undefined) return { from: `${m[1]}-01-01`, to: `${y + 1}-01-01` };
  if (d === undefined) {
    if (mo < 1 || mo > 12) throw fail();
    return { from: `${value}-01`, to: day(Date.UTC(y, mo, 1)) };
  }
  if (!realDay(value)) throw fail();
  return { from: value, to: day(Date.UTC(y, mo - 1, d + 1)) };
}

/** a dimension name (team, model, tag.plan, …) */
export function dimensionParam(name: string, value: string): Dimension {
  const d = value.trim();
  if (!isDimension(d))
    throw bad(name, `unknown dimension ${JSON.stringify(d)} (use team, project, feature, customer, user, model, provider, environment, … or tag.<key>)`);
  return d;
}

/** `from`/`to` or `period`, and `where=key=value[,value…]` (repeatable) */
export function filterParams(q: Query): Filter {
  const period = q.one("period");
  const filter: Filter = {};
  if (period !== undefined && period !== "") {
    if (q.one("from") || q.one("to")) throw bad("period", "give period or from/to, not both");
    Object.assign(filter, periodParam("period", period));
  } else {
    const from = dateParam("from", q.one("from"));
    const to = dateParam("to", q.one("to"));
    if (from) filter.from = from;
    if (to) filter.to = to;
  }
  filter.where = whereParams(q);
  return filter;
}

/** the `where=key=value[,value…]` conditions (repeatable) */
export function whereParams(q: Query): NonNullable<Filter["where"]> {
  return q.all("where").map((w) => {
    const eq = w.indexOf("=");
    if (eq <= 0) throw bad("where", `expected key=value, got ${JSON.stringify(w)}`);
    return { dimension: dimensionParam("where", w.slice(0, eq)), values: w.slice(eq + 1).split(",") };
  });
}

/** a whole number ≥ 0 (at most `max`), or undefined when absent */
export function countParam(name: string, value: string | undefined, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined || value === "") return undefined;
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n > max) throw bad(name, `expected a whole number from 0 to ${max}, got ${JSON.stringify(value)}`);
  return n;
}

/** one of a fixed set of values, or undefined when absent */
export function choiceParam<T extends string>(name: string, value: string | undefined, choices: readonly T[]): T | undefined {
  if (value === undefined || value === "") return undefined;
  if (!(choices as readonly string[]).includes(value)) throw bad(name, `expected ${choices.join(" or ")}, got ${JSON.stringify(value)}`);
  return value as T;
}

/** day, week or month */
export function everyParam(value: string | undefined): Period | undefined {
  return choiceParam<Period>("every", value, ["day", "week", "month"]);
}

/**
 * An IANA time zone name (Europe/Paris, UTC), or undefined when absent; offsets and unknown
 * names are a 400, so the store never sees them.
 *
 * @example
 * timeZoneParam("Europe/Paris");  // "Europe/Paris"
 * timeZoneParam("Mars/Olympus");  // throws: tz: unknown time zone "Mars/Olympus" …
 */
export function timeZoneParam(value: string | undefined): string | undefined {
  if (value === undefined || value === "") return undefined;
  let known = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(value);
  try {
    if (known) new Intl.DateTimeFormat("en", { timeZone: value });
  } catch {
    known = false;
  }
  if (!known) throw bad("tz", `unknown time zone ${JSON.stringify(value)} (use an IANA name such as Europe/Paris or UTC)`);
  return value;
}
