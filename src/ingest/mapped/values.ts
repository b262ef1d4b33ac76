/**
 * Reading typed values out of table-like exports (CSV cells, JSON fields), where numbers may
 * come as text and an empty cell means "not given". Errors name the source column, so a
 * reject reads `prompt_tokens: expected a non-negative integer, got "abc"`.
 */
import { createHash } from "node:crypto";
import type { CallStatus } from "../../usage/event.js";
import { describeValue, isRecord } from "../../shared/json.js";
import { toIsoInstant } from "../instant.js";

export type TimestampFormat = "iso" | "unix_s" | "unix_ms";

/** null, undefined and blank text are "not given" */
function given(value: unknown): boolean {
  return value !== undefined && value !== null && !(typeof value === "string" && value.trim() === "");
}

/**
 * A token or unit count; undefined when not given.
 *
 * @throws Error naming the column when the value is not a non-negative integer
 * @example
 * readCountValue("2006", "prompt_tokens"); // 2006
 * readCountValue("abc", "prompt_tokens");  // throws 'prompt_tokens: expected a non-negative integer, got "abc"'
 */
export function readCountValue(value: unknown, column: string): number | undefined {
  if (!given(value)) return undefined;
  const n = typeof value === "string" && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof n === "number" && Number.isSafeInteger(n) && n >= 0) return n;
  throw new Error(`${column}: expected a non-negative integer, got ${describeValue(value)}`);
}

/**
 * A non-negative number (durations, seconds of audio); undefined when not given.
 *
 * @example readNumberValue("1230.5", "latency"); // 1230.5
 */
export function readNumberValue(value: unknown, column: string): number | undefined {
  if (!given(value)) return undefined;
  const n = typeof value === "string" ? Number(value.trim()) : value;
  if (typeof n === "number" && Number.isFinite(n) && n >= 0) return n;
  throw new Error(`${column}: expected a non-negative number, got ${describeValue(value)}`);
}

const TRUE = new Set(["true", "t", "yes", "y", "1"]);
const FALSE = new Set(["false", "f", "no", "n", "0"]);

/**
 * A flag: true/false, yes/no, 1/0 (any case); undefined when not given.
 *
 * @example readBoolValue("Yes", "cache_hit"); // true
 */
export function readBoolValue(value: unknown, column: string): boolean | undefined {
  if (!given(value)) return undefined;
  if (typeof value === "boolean") return value;
  const text = String(value).trim().toLowerCase();
  if (TRUE.has(text)) return true;
  if (FALSE.has(text)) return false;
  throw new Error(`${column}: expected true or false, got ${describeValue(value)}`);
}

/**
 * Text, trimmed; undefined when not given. Numbers and flags are written as text.
 *
 * @example readTextValue("  team-a "); // "team-a"
 */
export function readTextValue(value: unknown, column: string): string | undefined {
  if (!given(value)) return undefined;
  if (typeof value === "string") return value.trim();
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw new Error(`${column}: expected text, got ${describeValue(value)}`);
}

const STATUS: Readonly<Record<string, CallStatus>> = {
  ok: "ok",
  success: "ok",
  succeeded: "ok",
  completed: "ok",
  error: "error",
  failure: "error",
  failed: "error",
  cancelled: "cancelled",
  canceled: "cancelled",
  aborted: "cancelled",
  timeout: "timeout",
  timed_out: "timeout",
};

/**
 * A call status: ok/success, error/failure, cancelled, timeout, or an http status (2xx ok, 499
 * cancelled by the client, other 4xx/5xx error); undefined when not given.
 *
 * @example readStatusValue("failure", "status"); // "error"
 */
export function readStatusValue(value: unknown, column: string): CallStatus | undefined {
  if (!given(value)) return undefined;
  const text = String(value).trim().toLowerCase();
  const word = STATUS[text];
  if (word !== undefined) return word;
  if (/^[1-5]\d\d$/.test(text)) {
    const code = Number(text);
    return code < 400 ? "ok" : code === 499 ? "cancelled" : "error";
  }
  throw new Error(`${column}: expected ok, error, cancelled or timeout (or an http status), got ${describeValue(value)}`);
}

/**
 * A timestamp as ISO 8601 UTC. `iso` takes ISO 8601 / RFC 3339 text (no offset means UTC);
 * `unix_s` and `unix_ms` take numbers or numeric text.
 *
 * @example
 * readTimestampValue("1760433120", "created", "unix_s"); // "2025-10-14T09:12:00.000Z"
 * readTimestampValue("2025-10-14 09:12:00", "created", "iso"); // "2025-10-14T09:12:00.000Z"
 * readTimestampValue("2025-10-14 11:12:00+02", "created", "iso"); // "2025-10-14T09:12:00.000Z"
 */
export function readTimestampValue(value: unknown, column: string, format: TimestampFormat): string {
  if (!given(value)) throw new Error(`${column}: missing timestamp`);
  if (format === "iso") {
    if (typeof value !== "string") throw new Error(`${column}: expected an ISO 8601 timestamp, got ${describeValue(value)}`);
    // postgres writes an offset as "+00"; Date wants "+00:00"
    return toIsoInstant(value.trim().replace(/(:\d\d(?:\.\d+)?[+-]\d\d)$/, "$1:00"), column);
  }
  const n = typeof value === "string" && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
  if (typeof n !== "number" || !Number.isFinite(n) || n < 0) {
    throw new Error(`${column}: expected unix ${format === "unix_s" ? "seconds" : "milliseconds"}, got ${describeValue(value)}`);
  }
  const ms = format === "unix_s" ? n * 1000 : n;
  const date = new Date(Math.round(ms));
  if (Number.isNaN(date.getTime())) throw new Error(`${column}: not a valid timestamp: ${describeValue(value)}`);
  return date.toISOString();
}

/**
 * A field of a JSON object by a dotted path (`usage.prompt_tokens`); a key that itself holds
 * dots is found first. Undefined when any step is missing.
 *
 * @example lookupPath({ usage: { prompt_tokens: 5 } }, "usage.prompt_tokens"); // 5
 */
export function lookupPath(obj: unknown, path: string): unknown {
  if (isRecord(obj) && path in obj) return obj[path];
  let at: unknown = obj;
  for (const step of path.split(".")) {
    if (isRecord(at)) at = at[step];
    else if (Array.isArray(at) && /^\d+$/.test(step)) at = at[Number(step)];
    else return undefined;
  }
  return at;
}

/**
 * A stable short hash, for ids of rows that carry none.
 *
 * @example rowHash('["a","b"]'); // 32 hex digits, the same on every run
 */
export function rowHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 32);
}
