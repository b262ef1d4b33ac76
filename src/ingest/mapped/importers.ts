/**
 * Any CSV or JSONL export → usage records, driven by a mapping file (its shape is documented
 * in `./mapping.ts`). Each row (line) is one call. A row with a bad value is rejected
 * with the column and the value; the rows around it are imported.
 */
import type { UsageRecord } from "../../usage/event.js";
import { applyConvention, rawCounts } from "../../usage/normalize/index.js";
import { describeValue, isRecord } from "../../shared/json.js";
import { readCsv } from "./csv.js";
import type { ImportItem, Importer, ImportOptions } from "../importer.js";
import { readLines } from "../read-lines.js";
import { FIELD_KINDS, mappedColumns, parseMapping, type FieldName, type Mapping } from "./mapping.js";
import { lookupPath, readBoolValue, readCountValue, readNumberValue, readStatusValue, readTextValue, readTimestampValue, rowHash } from "./values.js";

/** a row's value for a column (csv header name or jsonl field path) */
type Cell = (column: string) => unknown;

/** the usage columns a record's raw usage keeps, as found */
const USAGE_FIELDS = [
  "input",
  "cached_input",
  "cache_write",
  "cache_write_1h",
  "output",
  "reasoning",
  "audio_input",
  "audio_output",
  "images",
  "audio_seconds",
  "web_searches",
  "requests",
] as const;

/** a field's value from its column, else from the mapping's defaults; undefined when neither */
function source(mapping: Mapping, cell: Cell, field: FieldName): { value: unknown; from: string } | undefined {
  const column = mapping.fields[field];
  if (column !== undefined) {
    const value = cell(column);
    if (value !== undefined && value !== null && !(typeof value === "string" && value.trim() === "")) return { value, from: column };
  }
  const fallback = mapping.defaults[field];
  return fallback === undefined ? undefined : { value: fallback, from: `defaults.${field}` };
}

/** reads every mapped field of a row, typed; throws naming the column of a bad value */
function readFields(mapping: Mapping, cell: Cell): Partial<Record<FieldName, string | number | boolean>> {
  const out: Partial<Record<FieldName, string | number | boolean>> = {};
  for (const field of Object.keys(FIELD_KINDS) as FieldName[]) {
    const found = source(mapping, cell, field);
    if (found === undefined) continue;
    const { value, from } = found;
    const kind = FIELD_KINDS[field];
    const read =
      kind === "timestamp"
        ? readTimestampValue(value, from, mapping.timestampFormat)
        : kind === "count"
          ? readCountValue(value, from)
          : kind === "number"
            ? readNumberValue(value, from)
            : kind === "bool"
              ? readBoolValue(value, from)
              : kind === "status"
                ? readStatusValue(value, from)
                : readTextValue(value, from);
    if (read !== undefined) out[field] = read;
  }
  return out;
}

/**
 * One row → a record. `kind` is the importer ("csv" or "jsonl"); `whole` is the row's full
 * text, hashed into the id when the mapping names no id columns.
 *
 * @throws Error with the reason the row is rejected
 * @example
 * const mapping = parseMapping({ fields: { ts: "t", model: "m", input: "in" }, id: ["rid"] });
 * const row: Record<string, string> = { t: "2025-10-14T09:00:00Z", m: "gpt-4o", in: "12", rid: "r1" };
 * rowToRecord(mapping, (c) => row[c], JSON.stringify(row), "csv", "calls.csv", 2);
 * // => { id: "csv:r1", ts: "2025-10-14T09:00:00.000Z", model: "gpt-4o", usage: { input: 12, requests: 1, ... }, ... }
 */
export function rowToRecord(mapping: Mapping, cell: Cell, whole: string, kind: string, file: string, line: number): UsageRecord {
  const f = readFields(mapping, cell);
  if (f.ts === undefined) throw new Error(`${mapping.fields.ts}: missing timestamp`);
  const model = f.model;
  if (model === undefined) throw new Error(`${mapping.fields.model ?? "model"}: missing model`);
  const n = (field: FieldName): number => (f[field] as number | undefined) ?? 0;
  const raw = rawCounts({
    input: n("input"),
    cacheRead: n("cached_input"),
    cacheWrite5m: n("cache_write"),
    cacheWrite1h: n("cache_write_1h"),
    audioInput: n("audio_input"),
    output: n("output"),
    reasoning: n("reasoning"),
    audioOutput: n("audio_output"),
    images: n("images"),
    audioSeconds: n("audio_seconds"),
    webSearches: n("web_searches"),
    // one row is one call unless a column says how many
    requests: (f.requests as number | undefined) ?? 1,
  });
  const usage = applyConvention(raw, mapping.convention);

  const ids = mapping.id.map((column) => {
    const v = readTextValue(cell(column), column);
    if (v === undefined) throw new Error(`${column}: missing (an id column)`);
    return v;
  });
  const prefix = mapping.name ?? kind;
  const id = ids.length > 0 ? `${prefix}:${ids.join(":")}` : `${prefix}:h:${rowHash(whole)}`;

  const rawUsage: Record<string, unknown> = {};
  for (const field of USAGE_FIELDS) {
    const column = mapping.fields[field];
    if (column !== undefined && cell(column) !== undefined) rawUsage[column] = cell(column);
  }
  const tags: Record<string, string> = {};
  for (const [tag, column] of Object.entries(mapping.tags)) {
    const v = readTextValue(cell(column), column);
    if (v !== undefined) tags[tag] = v;
  }
  const text = (field: FieldName): string | undefined => f[field] as string | undefined;
  const record: UsageRecord = {
    id,
    ts: f.ts as string,
    provider: text("provider") ?? "unknown",
    model: model as string,
    usage,
    attribution: {},
    interaction: {},
    request: {},
    source: { kind, convention: mapping.convention.name, raw_usage: rawUsage, file, line },
  };
  const set = <T extends object>(target: T, keys: readonly (FieldName & keyof T)[]): void => {
    for (const key of keys) if (f[key] !== undefined) (target as Record<string, unknown>)[key] = f[key];
  };
  set(record, ["response_model"]);
  set(record.attribution, ["org", "team", "project", "feature", "customer", "user", "api_key_id", "environment"]);
  if (Object.keys(tags).length > 0) record.attribution.tags = tags;
  set(record.interaction, ["trace_id", "span_id", "parent_span_id", "session_id", "attempt", "is_retry", "is_tool_call"]);
  set(record.request, ["latency_ms", "ttft_ms", "status", "batch", "service_tier", "cache_hit", "region", "estimated"]);
  return record;
}

/** the mapping from the options; a missing or bad mapping is a usage error, thrown */
function mappingOf(options: ImportOptions, importer: string): Mapping {
  if (options.mapping === undefined) throw new Error(`the ${importer} importer needs a mapping file (--mapping FILE)`);
  return parseMapping(options.mapping);
}

/**
 * Reads a CSV export with a header row, one call per row.
 *
 * @throws Error only for a missing or invalid mapping (before reading)
 * @example
 * for await (const item of readMappedCsv("calls.csv", { mapping })) …
 */
export async function* readMappedCsv(file: string, options: ImportOptions): AsyncGenerator<ImportItem> {
  const mapping = mappingOf(options, "csv");
  let header: Map<string, number> | undefined;
  let width = 0;
  for await (const row of readCsv(file)) {
    if (!("fields" in row)) {
      yield { reject: { file, line: row.line, reason: row.reason } };
      continue;
    }
    if (header === undefined) {
      width = row.fields.length;
      const names = new Map<string, number>();
      // a repeated header name: the first column of that name is read
      for (const [i, name] of row.fields.entries()) if (!names.has(name.trim())) names.set(name.trim(), i);
      header = names;
      const missing = mappedColumns(mapping).filter(({ column }) => !names.has(column));
      if (missing.length > 0) {
        const list = missing.map(({ column, use }) => `"${column}" (${use})`).join(", ");
        // every row would fail the same way: one reject for the file
        yield { reject: { file, line: row.line, reason: `header: no column ${list}` } };
        return;
      }
      continue;
    }
    const { line, fields } = row;
    if (fields.length !== width) {
      yield { reject: { file, line, reason: `expected ${width} fields (as in the header), got ${fields.length}` } };
      continue;
    }
    const columns = header;
    const cell = (column: string): string | undefined => {
      const i = columns.get(column);
      return i === undefined ? undefined : fields[i];
    };
    try {
      const record = rowToRecord(mapping, cell, JSON.stringify(fields), "csv", file, line);
      yield { record };
    } catch (e) {
      yield { reject: { file, line, reason: (e as Error).message } };
    }
  }
}

/**
 * Reads a JSONL export, one call per line; field paths may be dotted (`usage.prompt_tokens`).
 *
 * @throws Error only for a missing or invalid mapping (before reading)
 * @example
 * for await (const item of readMappedJsonl("calls.jsonl", { mapping })) …
 */
export async function* readMappedJsonl(file: string, options: ImportOptions): AsyncGenerator<ImportItem> {
  const mapping = mappingOf(options, "jsonl");
  for await (const { line, text } of readLines(file)) {
    if (text.trim() === "") continue;
    let obj: unknown;
    try {
      obj = JSON.parse(text);
    } catch (e) {
      yield { reject: { file, line, reason: `not JSON: ${(e as Error).message}` } };
      continue;
    }
    if (!isRecord(obj)) {
      yield { reject: { file, line, reason: `expected a JSON object, got ${describeValue(obj)}` } };
      continue;
    }
    try {
      yield { record: rowToRecord(mapping, (path) => lookupPath(obj, path), text.trim(), "jsonl", file, line) };
    } catch (e) {
      yield { reject: { file, line, reason: (e as Error).message } };
    }
  }
}

export const csvImporter: Importer = {
  name: "csv",
  description: "any CSV export with a header row, read through a mapping file (--mapping)",
  extensions: [".csv"],
  read: readMappedCsv,
};

export const jsonlImporter: Importer = {
  name: "jsonl",
  description: "any JSONL export, one call per line, read through a mapping file (--mapping)",
  extensions: [".jsonl"],
  read: readMappedJsonl,
};
