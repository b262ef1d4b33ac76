/**
 * Usage and cost report exports (OpenAI's organization Usage / Costs API, Anthropic's Admin
 * usage and cost reports): paginated time buckets, each holding aggregated results.
 *
 * A file may hold one page, an array of pages, an array of buckets (what a paging loop that
 * concatenates `data` collects), or one page or bucket per line (JSONL). Whichever it is, this
 * walks every result with the line it sits on, so the importers only turn one result into one
 * record. Pages are small (the APIs cap a page at 31 to 180 buckets), so a whole-document file
 * is read at once; JSONL is streamed line by line.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import jsonc from "jsonc-parser";
import { describeValue, type JsonObject, JsonSyntaxError, parseJson } from "../../shared/json.js";
import type { UsageRecord } from "../../usage/event.js";
import type { ImportItem, Reject } from "../importer.js";
import { readLines } from "../read-lines.js";

/** one aggregated result inside a time bucket, and where it was found */
export interface ReportResult {
  /** 1-based line of the result in the file */
  line: number;
  /** e.g. "data[0].results[2]" */
  path: string;
  bucket: JsonObject;
  /** e.g. "data[0]" */
  bucketPath: string;
  result: unknown;
  /** the source text of a number under the result (exact, before any float rounding) */
  literal(keys: readonly string[]): string | undefined;
}

export type ReportItem = { result: ReportResult } | { reject: Reject };

/** the model of a result not grouped by model (or of a cost with none): unpriceable, and said so */
export const UNKNOWN_MODEL = "unknown";

/** keys a bucket keeps its results under (the docs' schemas say `result`, the api sends `results`) */
const RESULT_KEYS = ["results", "result"] as const;

/** offset → 1-based line, for a text that starts on `baseLine` */
function lineIndex(text: string, baseLine: number): (offset: number) => number {
  const breaks: number[] = [];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) breaks.push(i);
  return (offset) => {
    let lo = 0;
    let hi = breaks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (breaks[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    return baseLine + lo;
  };
}

/** the results of one document (a whole file, or one JSONL line) */
function* walkDocument(file: string, text: string, baseLine: number): Generator<ReportItem> {
  const lineOf = lineIndex(text, baseLine);
  const root = jsonc.parseTree(text);
  const reject = (node: jsonc.Node | undefined, reason: string): ReportItem => ({
    reject: { file, line: node ? lineOf(node.offset) : baseLine, reason },
  });

  function* bucket(node: jsonc.Node, path: string): Generator<ReportItem> {
    const key = RESULT_KEYS.find((k) => jsonc.findNodeAtLocation(node, [k]) !== undefined);
    const results = key === undefined ? undefined : jsonc.findNodeAtLocation(node, [key]);
    if (results?.type !== "array") {
      yield reject(results ?? node, `${path}.results: expected an array of results`);
      return;
    }
    const value = jsonc.getNodeValue(node) as JsonObject;
    for (const [j, child] of (results.children ?? []).entries()) {
      const literal = (keys: readonly string[]): string | undefined => {
        const n = jsonc.findNodeAtLocation(child, [...keys]);
        return n?.type === "number" ? text.slice(n.offset, n.offset + n.length) : undefined;
      };
      const where = `${path}.${key}[${j}]`;
      yield { result: { line: lineOf(child.offset), path: where, bucket: value, bucketPath: path, result: jsonc.getNodeValue(child), literal } };
    }
  }

  function* entry(node: jsonc.Node, path: string): Generator<ReportItem> {
    const data = jsonc.findNodeAtLocation(node, ["data"]);
    if (node.type === "object" && data?.type === "array") {
      for (const [i, child] of (data.children ?? []).entries()) {
        const where = `${path}${path ? "." : ""}data[${i}]`;
        if (child.type === "object") yield* bucket(child, where);
        else yield reject(child, `${where}: expected a time bucket object, got ${describeValue(jsonc.getNodeValue(child))}`);
      }
    } else if (node.type === "object" && RESULT_KEYS.some((k) => jsonc.findNodeAtLocation(node, [k]) !== undefined)) {
      yield* bucket(node, path || "bucket");
    } else {
      yield reject(node, `${path ? `${path}: ` : ""}expected a report page ({"data": [...]}) or a time bucket ({"results": [...]})`);
    }
  }

  if (root?.type === "array") {
    for (const [i, child] of (root.children ?? []).entries()) yield* entry(child, `[${i}]`);
  } else if (root !== undefined) {
    yield* entry(root, "");
  }
}

function syntaxReason(e: unknown, withLine: boolean): string {
  if (e instanceof JsonSyntaxError) return `invalid JSON at ${withLine ? `line ${e.line}, ` : ""}column ${e.column}: ${e.problem}`;
  return e instanceof Error ? e.message : String(e);
}

/** the line is a whole JSON object or array on its own */
const parses = (text: string): boolean => {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null;
  } catch {
    return false;
  }
};

/** JSONL: each line a page or a bucket, streamed */
async function* walkLines(file: string): AsyncGenerator<ReportItem> {
  for await (const { line, text } of readLines(file)) {
    if (text.trim() === "") continue;
    try {
      parseJson(text);
    } catch (e) {
      yield { reject: { file, line, reason: syntaxReason(e, false) } };
      continue;
    }
    yield* walkDocument(file, text, line);
  }
}

/** the first two non-blank lines, to tell JSONL from one pretty-printed document */
async function firstLines(file: string): Promise<string[]> {
  const found: string[] = [];
  const input = createReadStream(file, { encoding: "utf8" });
  const lines = createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const text of lines) {
      if (text.trim() !== "") found.push(text);
      if (found.length === 2) break;
    }
  } finally {
    // stopping early must not leave the file open
    lines.close();
    input.destroy();
  }
  return found;
}

/**
 * Every result in a report export, with its line; malformed pages, buckets and lines come out
 * as rejects, and the walk goes on past them.
 *
 * @throws only when the file cannot be read
 * @example
 * for await (const item of readReportResults("usage-2025-08.json")) {
 *   if ("result" in item) console.log(item.result.line, item.result.bucket["start_time"], item.result.result);
 * }
 */
export async function* readReportResults(file: string): AsyncGenerator<ReportItem> {
  const [first, second] = await firstLines(file);
  if (first === undefined) return;
  // a first line that is a whole value means one document per line
  if (parses(first)) {
    yield* walkLines(file);
    return;
  }
  const text = await readFile(file, "utf8");
  try {
    parseJson(text);
  } catch (e) {
    // a broken first line of a JSONL file: the later lines still stand on their own
    if (second !== undefined && parses(second)) {
      yield* walkLines(file);
      return;
    }
    yield { reject: { file, line: e instanceof JsonSyntaxError ? e.line : 1, reason: syntaxReason(e, true) } };
    return;
  }
  yield* walkDocument(file, text, 1);
}

/**
 * Every result of a report export turned into a record by `convert`; a result it throws on is
 * rejected with the message, and the rest still import.
 *
 * @example
 * const read = (file: string) => importReport(file, (item) => toRecord(item, file));
 */
export async function* importReport(file: string, convert: (item: ReportResult) => UsageRecord): AsyncGenerator<ImportItem> {
  for await (const item of readReportResults(file)) {
    if ("reject" in item) {
      yield item;
      continue;
    }
    try {
      yield { record: convert(item.result) };
    } catch (e) {
      yield { reject: { file, line: item.result.line, reason: e instanceof Error ? e.message : String(e) } };
    }
  }
}

/**
 * A stable id for an aggregated result: a digest of what identifies it (endpoint, bucket,
 * group-by values). Absent and null values are left out, so an export that adds a null field
 * later names the same result the same way.
 *
 * @example
 * reportId("openai-usage", [["object", "organization.usage.completions.result"], ["start", 1730419200], ["model", "gpt-4o"]]);
 * // => "openai-usage:3f1c…" (32 hex digits)
 */
export function reportId(prefix: string, facts: ReadonlyArray<readonly [string, unknown]>): string {
  const kept = facts.filter(([, v]) => v !== undefined && v !== null);
  return `${prefix}:${createHash("sha256").update(JSON.stringify(kept)).digest("hex").slice(0, 32)}`;
}

/**
 * An optional string field: missing or null gives `undefined`.
 *
 * @throws Error naming the field when it is not a string
 * @example
 * optionalString({ model: "gpt-4o" }, "model", "results[0]"); // "gpt-4o"
 */
export function optionalString(obj: JsonObject, key: string, path: string): string | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value;
  throw new Error(`${path}.${key}: expected a string, got ${describeValue(value)}`);
}

/**
 * An optional boolean field: missing or null gives `undefined`.
 *
 * @throws Error naming the field when it is not a boolean
 * @example
 * optionalBoolean({ batch: true }, "batch", "results[0]"); // true
 */
export function optionalBoolean(obj: JsonObject, key: string, path: string): boolean | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === "boolean") return value;
  throw new Error(`${path}.${key}: expected true or false, got ${describeValue(value)}`);
}
