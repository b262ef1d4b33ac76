/**
 * Claude Code session logs → usage records.
 *
 * Claude Code appends one JSON object per line to `<config>/projects/<project>/<session>.jsonl`
 * (the project folder is the working directory with every non-alphanumeric character turned
 * into `-`). Assistant entries carry the API response's `message.usage` in the Anthropic
 * Messages convention; user turns, tool results, summaries and snapshots carry none.
 *
 * Totals follow ccusage (ccusage/ccusage, the native build's Claude loader): an entry counts
 * when it has a `message.usage` with `input_tokens` and `output_tokens` and a timestamp. Of the
 * lines of one response (same `message.id` + `requestId`; without a request id, the same
 * message id, session and time) the one with the largest token total counts (see
 * `./dedupe.ts`); entries without a message id are not deduplicated. Advisor
 * iterations inside the usage (`usage.iterations[]` of type `advisor_message`) are calls of
 * their own model. A line with `null` or an empty string where ccusage needs a value is not
 * counted (here: rejected, with the reason). The `<synthetic>` model marks entries Claude Code
 * wrote itself (api errors, interruptions): never billed.
 */
import { createHash } from "node:crypto";
import type { UsageRecord } from "../../usage/event.js";
import { anthropicConvention, normalizeAnthropicUsage } from "../../usage/normalize/index.js";
import { describeValue, isRecord, type JsonObject, parseJson } from "../../shared/json.js";
import { guessLine, ResponseDedupe } from "./dedupe.js";
import { fromLatin1, scanMarkedLines } from "./marked-lines.js";
import { folderKey, pathSession, projectFolder } from "./paths.js";
import type { ImportItem } from "../importer.js";

/** the model name Claude Code gives the entries it writes itself */
const SYNTHETIC_MODEL = "<synthetic>";
// compact json as claude code writes it always has this key on a usage line
const USAGE_MARKER = '"usage"';
// claude code's own format: milliseconds and Z, already canonical
const CANONICAL_TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** a string field, or undefined when absent or not a string (lines are read as latin1) */
function str(obj: JsonObject, key: string): string | undefined {
  const v = obj[key];
  return typeof v === "string" ? fromLatin1(v) : undefined;
}

/** per-file state: the project's decoded path */
interface FileState {
  file: string;
  folder: string;
  /** the session the file's path names, for entries that do not name theirs */
  session: string;
  /** the working directory whose folder name this is, once an entry has shown it */
  decoded: string | undefined;
  lastCwd: string | undefined;
}

/**
 * The project as a path: an entry's `cwd` when the folder name is that path encoded (the
 * encoding is lossy — `my-app` and `my/app` look alike — so it is never reversed blindly);
 * otherwise the folder name as it is.
 */
function projectOf(state: FileState, cwd: string | undefined): string {
  if (state.decoded === undefined && cwd !== undefined && cwd !== state.lastCwd) {
    state.lastCwd = cwd;
    if (folderKey(cwd) === folderKey(state.folder)) state.decoded = cwd;
  }
  return state.decoded ?? state.folder;
}

/**
 * The dedupe key of a response, as ccusage 20.0.24 keys it: message id + request id; without a
 * request id (old versions), message id + session + time (repeated writes of one line); without
 * a message id, the line itself.
 */
function responseId(messageId: string | undefined, requestId: string | undefined, session: string, ts: string, text: string): string {
  if (messageId === undefined) return `cc:h:${createHash("sha256").update(text, "latin1").digest("hex").slice(0, 32)}`;
  return requestId !== undefined ? `cc:${messageId}:${requestId}` : `cc:${messageId}::${session}:${ts}`;
}

/** fields ccusage requires to be absent or a value: `null` there makes it skip the line */
const NOT_NULL: readonly (readonly [string, string])[] = [
  ["", "cwd"],
  ["", "version"],
  ["", "sessionId"],
  ["", "requestId"],
  ["", "costUSD"],
  ["", "isApiErrorMessage"],
  ["message", "id"],
  ["message", "model"],
  ["message.usage", "speed"],
  ["message.usage", "cache_read_input_tokens"],
  ["message.usage", "cache_creation_input_tokens"],
];
/** ids and names that must not be empty when given */
const NOT_EMPTY: readonly (readonly [string, string])[] = [
  ["", "sessionId"],
  ["", "requestId"],
  ["message", "id"],
  ["message", "model"],
];

/** why ccusage would not count this entry, or undefined when it would */
function invalidField(entry: JsonObject, message: JsonObject, raw: JsonObject): string | undefined {
  const at = (where: string): JsonObject => (where === "" ? entry : where === "message" ? message : raw);
  for (const [where, key] of NOT_NULL) if (at(where)[key] === null) return `${where ? `${where}.` : ""}${key}: null`;
  for (const [where, key] of NOT_EMPTY) if (at(where)[key] === "") return `${where ? `${where}.` : ""}${key}: empty`;
  const version = entry["version"];
  if (typeof version === "string" && !/^\d+\.\d+\.\d/.test(version)) return `version: not a Claude Code version: ${describeValue(version)}`;
  return undefined;
}

/** the advisor calls a response made, from `usage.iterations` */
function advisorIterations(raw: JsonObject): { model: string; usage: JsonObject }[] {
  const iterations = raw["iterations"];
  if (!Array.isArray(iterations)) return [];
  const out: { model: string; usage: JsonObject }[] = [];
  for (const it of iterations) {
    if (isRecord(it) && it["type"] === "advisor_message" && typeof it["model"] === "string" && it["model"] !== "") {
      out.push({ model: fromLatin1(it["model"]), usage: it });
    }
  }
  return out;
}

/**
 * One parsed log entry → its records (the response's, then any advisor calls'), a reject
 * reason, or undefined to skip it silently.
 */
function entryToRecords(entry: unknown, text: string, line: number, state: FileState): UsageRecord[] | string | undefined {
  if (!isRecord(entry)) return `expected a JSON object, got ${describeValue(entry)}`;
  const message = entry["message"];
  // user turns, summaries, snapshots: not usage
  if (!isRecord(message) || message["usage"] === undefined) return undefined;
  const raw = message["usage"];
  if (!isRecord(raw)) return `message.usage: expected an object, got ${describeValue(raw)}`;
  const model = str(message, "model") ?? "unknown";
  // written by claude code itself, never billed
  if (model === SYNTHETIC_MODEL) return undefined;
  // ccusage requires both; an entry without them is not counted there either
  for (const key of ["input_tokens", "output_tokens"]) {
    if (raw[key] === undefined || raw[key] === null) return `message.usage.${key}: missing`;
  }
  const invalid = invalidField(entry, message, raw);
  if (invalid !== undefined) return invalid;
  const timestamp = entry["timestamp"];
  if (typeof timestamp !== "string") return `timestamp: expected an ISO 8601 string, got ${describeValue(timestamp)}`;
  let ts = timestamp;
  if (!CANONICAL_TS.test(ts)) {
    const ms = Date.parse(ts);
    if (!Number.isFinite(ms)) return `timestamp: not a valid timestamp: ${describeValue(timestamp)}`;
    ts = new Date(ms).toISOString();
  }
  let usage;
  try {
    usage = normalizeAnthropicUsage(raw);
  } catch (e) {
    return `message.${(e as Error).message}`;
  }
  const messageId = str(message, "id");
  const requestId = str(entry, "requestId");
  const sessionId = str(entry, "sessionId");
  const id = responseId(messageId, requestId, sessionId ?? state.session, ts, text);

  const cwd = str(entry, "cwd");
  const tags: Record<string, string> = {};
  if (cwd !== undefined) tags["cwd"] = cwd;
  const version = str(entry, "version");
  if (version !== undefined) tags["version"] = version;
  const branch = str(entry, "gitBranch");
  if (branch !== undefined && branch !== "") tags["gitBranch"] = branch;
  // fast mode is billed at its own rate (ccusage prices it as "<model>-fast")
  const speed = str(raw, "speed");
  if (speed !== undefined) tags["speed"] = speed;
  // old logs priced the call themselves: kept to cross-check, never used as our price
  const costUSD = entry["costUSD"];
  if (typeof costUSD === "number") tags["claude_code_cost_usd"] = String(costUSD);

  const tier = str(raw, "service_tier");
  const record: UsageRecord = {
    id,
    ts,
    provider: "anthropic",
    model,
    usage,
    attribution: { project: projectOf(state, cwd), tags },
    interaction: sessionId !== undefined ? { session_id: sessionId } : {},
    request: { status: entry["isApiErrorMessage"] === true ? "error" : "ok" },
    source: { kind: "claude-code", convention: anthropicConvention.name, raw_usage: raw, file: state.file, line },
  };
  if (tier !== undefined && tier !== "standard") record.request.service_tier = tier;
  const records = [record];
  // advisor calls: their own model and usage, keyed as ccusage keys them (`<message id>:advisor:<n>`)
  for (const [n, advisor] of advisorIterations(raw).entries()) {
    let advisorUsage;
    try {
      advisorUsage = normalizeAnthropicUsage(advisor.usage);
    } catch (e) {
      return `message.usage.iterations[${n}]: ${(e as Error).message}`;
    }
    const advisorId = messageId !== undefined ? responseId(`${messageId}:advisor:${n}`, requestId, sessionId ?? state.session, ts, text) : `${id}:advisor:${n}`;
    records.push({ ...record, id: advisorId, model: advisor.model, usage: advisorUsage, source: { ...record.source, raw_usage: advisor.usage } });
  }
  return records;
}

/** why a line is not json, with the column where parsing stopped */
function notJson(text: string): string {
  try {
    parseJson(text);
    return "not a JSON object";
  } catch (e) {
    return `not JSON: ${(e as Error).message}`;
  }
}

/**
 * Reads one Claude Code session log. Lines without `"usage"` are skipped unparsed (the fast
 * path), and so are repeats of a response already read with the same usage; a line that is
 * not JSON is rejected; each response yields once, with the usage ccusage counts.
 *
 * @example
 * for await (const item of readClaudeCodeLog("~/.claude/projects/-home-a-shop/0b6f.jsonl")) …
 */
export async function* readClaudeCodeLog(file: string): AsyncGenerator<ImportItem> {
  yield* claudeCodeItems(file);
}

/**
 * `readClaudeCodeLog`, synchronously: for a worker thread, which has nothing to wait for.
 *
 * @example
 * const items = [...claudeCodeItems("~/.claude/projects/-home-a-shop/0b6f.jsonl")];
 */
export function* claudeCodeItems(file: string): Generator<ImportItem> {
  const state: FileState = { file, folder: projectFolder(file), session: pathSession(file), decoded: undefined, lastCwd: undefined };
  const dedupe = new ResponseDedupe();
  // latin1: fast to decode, and every field read is passed through fromLatin1
  for (const batch of scanMarkedLines(file, USAGE_MARKER, "latin1")) {
    for (const { line, text, marked } of batch) {
      if (!marked) {
        yield { reject: { file, line, reason: notJson(text) } };
        continue;
      }
      const guess = guessLine(text);
      if (guess !== undefined && dedupe.isKnownRepeat(guess)) continue;
      let entry: unknown;
      try {
        entry = JSON.parse(text);
      } catch {
        yield { reject: { file, line, reason: notJson(text) } };
        continue;
      }
      const result = entryToRecords(entry, text, line, state);
      if (typeof result === "string") {
        yield { reject: { file, line, reason: result } };
        continue;
      }
      for (const record of result ?? []) {
        for (const released of dedupe.add(record, guess, record.source.raw_usage)) yield { record: released };
      }
    }
  }
  for (const record of dedupe.flush()) yield { record };
}
