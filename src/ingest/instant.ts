/**
 * Timestamps as exports write them (unix seconds, unix milliseconds, RFC 3339 strings) → the
 * ISO 8601 UTC string a `UsageRecord` carries.
 */
import { describeValue } from "../shared/json.js";

const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

// numbers above this are taken as milliseconds: 1e11 seconds is the year 5138
const MS_THRESHOLD = 1e11;

/**
 * An instant as ISO 8601 UTC. Numbers are unix seconds (or milliseconds when too large to be
 * seconds); strings must be dates `Date` can parse, and an offset-less string is read as UTC.
 *
 * @throws Error naming `path` when the value is not a valid instant
 * @example
 * toIsoInstant(1741570283, "created");               // "2025-03-10T01:31:23.000Z"
 * toIsoInstant("2025-08-01T00:00:00Z", "starting_at"); // "2025-08-01T00:00:00.000Z"
 */
export function toIsoInstant(value: unknown, path: string): string {
  // already canonical ("2025-08-01T00:00:00.000Z", as toISOString writes): most lines, no work
  if (typeof value === "string" && CANONICAL.test(value) && invalidInstant(value) === undefined) return value;
  let ms: number;
  if (typeof value === "number" && Number.isFinite(value) && value >= 0) {
    ms = value >= MS_THRESHOLD ? value : value * 1000;
  } else if (typeof value === "string" && value.trim() !== "") {
    const text = value.trim();
    // "2025-08-01 12:00:00" has no offset: exports mean utc, Date would mean local time
    const hasOffset = /(?:Z|[+-]\d\d:?\d\d)$/i.test(text) || !/\d:\d/.test(text);
    ms = Date.parse(hasOffset ? text : `${text.replace(" ", "T")}Z`);
  } else {
    throw new Error(`${path}: expected a timestamp (unix seconds or an ISO 8601 string), got ${describeValue(value)}`);
  }
  if (!Number.isFinite(ms) || (typeof value === "string" && invalidInstant(value.trim()) !== undefined)) {
    throw new Error(`${path}: not a valid timestamp: ${describeValue(value)}`);
  }
  return new Date(ms).toISOString();
}

/**
 * Why an ISO 8601 string is not an instant a ledger can store, or `undefined` when it is.
 * `Date.parse` rolls impossible dates over ("2025-02-30T00:00:00Z" is March 2nd) where a
 * database refuses them: a UTC string must name the very minute it parses to.
 *
 * @example
 * invalidInstant("2025-02-28T10:00:00Z"); // undefined
 * invalidInstant("2025-02-30T10:00:00Z"); // 'not a valid date: "2025-02-30T10:00:00Z"'
 */
export function invalidInstant(ts: string): string | undefined {
  const ms = Date.parse(ts);
  if (Number.isNaN(ms)) return `not a timestamp: "${ts}"`;
  // days up to the 28th exist in every month, hours up to 23 in every day (Date.parse refuses bad
  // months, minutes and seconds): most stamps stop here, without formatting a date
  if (ts.length > 13 && ts.charCodeAt(4) === 45 && ts.charCodeAt(7) === 45 && Number(ts.slice(8, 10)) <= 28 && Number(ts.slice(11, 13)) <= 23) return undefined;
  const stated = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})[^+-]*Z$/i.exec(ts);
  if (stated && new Date(ms).toISOString().slice(0, 16) !== `${stated[1]}T${stated[2]}`) return `not a valid date: "${ts}"`;
  return undefined;
}
