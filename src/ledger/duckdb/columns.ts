import Big from "big.js";
import { csvField } from "../../shared/csv.js";
import { USAGE_FIELDS, usage as emptyUsage, type UsageField } from "../../usage/usage.js";
import type { CallStatus, PromptPrefix, UsageEvent } from "../../usage/event.js";

/**
 * The events table, one column definition each: its SQL type, how an event writes it (as a CSV
 * field) and how a row reads back. One list drives the schema, the bulk insert and `list()`.
 */
export interface Column {
  name: string;
  type: string;
  /** the CSV field for an event; "" is NULL */
  write(e: UsageEvent): string;
}

/**
 * Money per event: 13 decimal places (1e-13 USD), up to $99,999.99 per class and call. Every
 * built-in price needs at most 12 places, so built-in costs are stored exactly; a 64-bit decimal
 * scans ~10× faster than a 128-bit one, which is what keeps reports over 10M events fast.
 * Sums are exact 128-bit decimals.
 */
export const MONEY = "DECIMAL(18,13)";
export const MONEY_PLACES = 13;

/** money as written: exact, or rounded half-even at the column's places when it has more */
function money(v: string | null | undefined): string {
  if (v === null || v === undefined) return "";
  const dot = v.indexOf(".");
  return dot >= 0 && v.length - dot - 1 > MONEY_PLACES ? new Big(v).round(MONEY_PLACES, Big.roundHalfEven).toFixed() : v;
}

const text = (v: string | null | undefined): string => (v === undefined || v === null || v === "" ? "" : quote(v));
const int = (v: number | undefined): string => (v === undefined || v === 0 ? "" : String(v));
const num = (v: number | undefined): string => (v === undefined ? "" : String(v));
const bool = (v: boolean | undefined): string => (v === undefined ? "" : v ? "true" : "false");

/** CSV-quote a text field when it needs it; an empty string is written as a quoted "" (not NULL) */
export function quote(v: string): string {
  return v === "" ? '""' : csvField(v);
}

export const COLUMNS: readonly Column[] = [
  { name: "id", type: "VARCHAR PRIMARY KEY", write: (e) => quote(e.id) },
  // naive UTC: date_trunc on TIMESTAMPTZ goes through ICU and is ~10× slower to group by
  { name: "ts", type: "TIMESTAMP NOT NULL", write: (e) => utcIso(e.ts) },
  { name: "provider", type: "VARCHAR", write: (e) => text(e.provider) },
  { name: "model", type: "VARCHAR", write: (e) => text(e.model) },
  { name: "response_model", type: "VARCHAR", write: (e) => text(e.response_model) },
  { name: "resolved_model", type: "VARCHAR", write: (e) => text(e.cost.resolved_model) },
  ...USAGE_FIELDS.map((f): Column => ({ name: f, type: "BIGINT", write: (e) => int(e.usage[f]) })),
  { name: "priced", type: "BOOLEAN NOT NULL", write: (e) => bool(e.cost.priced) },
  { name: "total_usd", type: MONEY, write: (e) => money(e.cost.total_usd) },
  ...USAGE_FIELDS.map((f): Column => ({ name: `cost_${f}`, type: MONEY, write: (e) => money(e.cost.breakdown[f]) })),
  { name: "version_from", type: "DATE", write: (e) => e.cost.version_from ?? "" },
  { name: "unpriced_reason", type: "VARCHAR", write: (e) => text(e.cost.unpriced_reason) },
  { name: "org", type: "VARCHAR", write: (e) => text(e.attribution.org) },
  { name: "team", type: "VARCHAR", write: (e) => text(e.attribution.team) },
  { name: "project", type: "VARCHAR", write: (e) => text(e.attribution.project) },
  { name: "feature", type: "VARCHAR", write: (e) => text(e.attribution.feature) },
  { name: "customer", type: "VARCHAR", write: (e) => text(e.attribution.customer) },
  { name: "user", type: "VARCHAR", write: (e) => text(e.attribution.user) },
  { name: "api_key_id", type: "VARCHAR", write: (e) => text(e.attribution.api_key_id) },
  { name: "environment", type: "VARCHAR", write: (e) => text(e.attribution.environment) },
  {
    name: "tags",
    type: "VARCHAR",
    write: (e) => (e.attribution.tags && Object.keys(e.attribution.tags).length ? quote(JSON.stringify(e.attribution.tags)) : ""),
  },
  { name: "trace_id", type: "VARCHAR", write: (e) => text(e.interaction.trace_id) },
  { name: "span_id", type: "VARCHAR", write: (e) => text(e.interaction.span_id) },
  { name: "parent_span_id", type: "VARCHAR", write: (e) => text(e.interaction.parent_span_id) },
  { name: "session_id", type: "VARCHAR", write: (e) => text(e.interaction.session_id) },
  { name: "attempt", type: "INTEGER", write: (e) => num(e.interaction.attempt) },
  { name: "is_retry", type: "BOOLEAN", write: (e) => bool(e.interaction.is_retry) },
  { name: "is_tool_call", type: "BOOLEAN", write: (e) => bool(e.interaction.is_tool_call) },
  { name: "latency_ms", type: "DOUBLE", write: (e) => num(e.request.latency_ms) },
  { name: "ttft_ms", type: "DOUBLE", write: (e) => num(e.request.ttft_ms) },
  { name: "status", type: "VARCHAR", write: (e) => text(e.request.status ?? "ok") },
  { name: "batch", type: "BOOLEAN", write: (e) => bool(e.request.batch) },
  { name: "service_tier", type: "VARCHAR", write: (e) => text(e.request.service_tier) },
  { name: "cache_hit", type: "BOOLEAN", write: (e) => bool(e.request.cache_hit) },
  { name: "region", type: "VARCHAR", write: (e) => text(e.request.region) },
  { name: "estimated", type: "BOOLEAN", write: (e) => bool(e.request.estimated) },
  { name: "source", type: "VARCHAR", write: (e) => text(e.source.kind) },
  { name: "convention", type: "VARCHAR", write: (e) => text(e.source.convention) },
  { name: "raw_usage", type: "VARCHAR", write: (e) => (e.source.raw_usage === undefined ? "" : quote(JSON.stringify(e.source.raw_usage))) },
  { name: "source_file", type: "VARCHAR", write: (e) => text(e.source.file) },
  { name: "source_line", type: "INTEGER", write: (e) => num(e.source.line) },
  // v4: last, so that a migrated table and a new one have the same column order
  { name: "http_status", type: "INTEGER", write: (e) => num(e.request.http_status) },
  { name: "response_id", type: "VARCHAR", write: (e) => text(e.request.response_id) },
  { name: "usage_invalid", type: "BOOLEAN", write: (e) => bool(e.request.usage_invalid) },
  // v6: the prompt's prefix boundaries as JSON ([{boundary, tokens, hash}]), for the savings scan
  {
    name: "prompt_prefixes",
    type: "VARCHAR",
    write: (e) => (e.prompt_prefixes && e.prompt_prefixes.length > 0 ? quote(JSON.stringify(e.prompt_prefixes)) : ""),
  },
];

/** the columns schema v4 added to an existing events table */
export const V4_COLUMNS: readonly string[] = ["http_status", "response_id", "usage_invalid"];
/** the column schema v6 added */
export const V6_COLUMNS: readonly string[] = ["prompt_prefixes"];

/** an ISO timestamp in UTC ("…Z"); DuckDB would drop a "+02:00" offset when casting to TIMESTAMP */
export function utcIso(ts: string): string {
  if (ts.length >= 20 && ts.length <= 24 && ts.charCodeAt(ts.length - 1) === 90 /* Z */ && ts[10] === "T") return ts;
  const ms = Date.parse(ts);
  if (Number.isNaN(ms)) throw new RangeError(`ts: not a timestamp: "${ts}"`);
  return new Date(ms).toISOString();
}

/** one CSV line for an event, columns in COLUMNS order */
export function csvLine(e: UsageEvent): string {
  const fields = new Array<string>(COLUMNS.length);
  for (let i = 0; i < COLUMNS.length; i++) fields[i] = COLUMNS[i]!.write(e);
  return `${fields.join(",")}\n`;
}

type Row = Record<string, unknown>;
const str = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : String(v));
const n = (v: unknown): number | undefined => (v === null || v === undefined ? undefined : Number(v));
const b = (v: unknown): boolean | undefined => (v === null || v === undefined ? undefined : Boolean(v));

/** a row read back (money selected as VARCHAR, ts as ISO VARCHAR) into an event */
export function eventFromRow(r: Row): UsageEvent {
  const usage = emptyUsage();
  const breakdown: Partial<Record<UsageField, string>> = {};
  for (const f of USAGE_FIELDS) {
    usage[f] = n(r[f]) ?? 0;
    const c = str(r[`cost_${f}`]);
    if (c !== undefined) breakdown[f] = trimDecimal(c);
  }
  const defined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
  return {
    id: String(r.id),
    ts: String(r.ts),
    provider: str(r.provider) ?? "",
    model: str(r.model) ?? "",
    ...(r.response_model ? { response_model: String(r.response_model) } : {}),
    usage,
    attribution: defined({
      org: str(r.org),
      team: str(r.team),
      project: str(r.project),
      feature: str(r.feature),
      customer: str(r.customer),
      user: str(r.user),
      api_key_id: str(r.api_key_id),
      environment: str(r.environment),
      tags: r.tags ? (JSON.parse(String(r.tags)) as Record<string, string>) : undefined,
    }),
    interaction: defined({
      trace_id: str(r.trace_id),
      span_id: str(r.span_id),
      parent_span_id: str(r.parent_span_id),
      session_id: str(r.session_id),
      attempt: n(r.attempt),
      is_retry: b(r.is_retry),
      is_tool_call: b(r.is_tool_call),
    }),
    request: defined({
      latency_ms: n(r.latency_ms),
      ttft_ms: n(r.ttft_ms),
      status: str(r.status) as CallStatus | undefined,
      batch: b(r.batch),
      service_tier: str(r.service_tier),
      cache_hit: b(r.cache_hit),
      region: str(r.region),
      estimated: b(r.estimated),
      http_status: n(r.http_status),
      response_id: str(r.response_id),
      usage_invalid: b(r.usage_invalid),
    }),
    source: defined({
      kind: str(r.source) ?? "",
      convention: str(r.convention) ?? "",
      raw_usage: r.raw_usage ? (JSON.parse(String(r.raw_usage)) as unknown) : undefined,
      file: str(r.source_file),
      line: n(r.source_line),
    }),
    cost: defined({
      priced: Boolean(r.priced),
      resolved_model: str(r.resolved_model) ?? null,
      total_usd: r.total_usd === null || r.total_usd === undefined ? null : trimDecimal(String(r.total_usd)),
      breakdown,
      version_from: str(r.version_from) ?? null,
      unpriced_reason: str(r.unpriced_reason),
    }),
    ...(r.prompt_prefixes ? { prompt_prefixes: JSON.parse(String(r.prompt_prefixes)) as PromptPrefix[] } : {}),
  };
}

/** "0.007500000000000000" → "0.0075" */
export function trimDecimal(s: string): string {
  if (!s.includes(".")) return s;
  const t = s.replace(/0+$/, "").replace(/\.$/, "");
  return t === "-0" ? "0" : t;
}
