/**
 * Claude Code session logs → usage records.
 *
 * Claude Code appends one JSON object per line to `<config>/projects/<project>/<session>.jsonl`
 * (the project folder is the working directory with every non-alphanumeric character turned
 * into `-`). Assistant entries carry the API response's `message.usage` in the Anthropic
 * Messages convention; user turns, tool results, summaries and snapshots carry none.
 *
 * Totals follow ccusage (ryoppippi/ccusage, data-loader): an entry counts when it has a
 * `message.usage` with `input_tokens` and `output_tokens` and a timestamp; one API response is
 * written once per content block, so entries are deduplicated on `message.id` + `requestId`
 * and the first one wins; entries missing either id are not deduplicated. The `<synthetic>`
 * model marks entries Claude Code wrote itself (api errors, interruptions): never billed.
 */
import { createHash } from "node:crypto";
import { existsSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { basename, dirname, join, resolve, sep } from "node:path";
import type { UsageRecord } from "../usage/event.js";
import { anthropicConvention, describeValue, isRecord, normalizeAnthropicUsage, type JsonObject } from "../usage/normalize/index.js";
import { parseJson } from "../shared/json.js";
import { fromLatin1, scanMarkedLines } from "./claude-code-lines.js";
import type { ImportItem, Importer } from "./importer.js";

/** the model name Claude Code gives the entries it writes itself */
const SYNTHETIC_MODEL = "<synthetic>";
// compact json as claude code writes it always has this key on a usage line
const USAGE_MARKER = '"usage"';
// claude code's own format: milliseconds and Z, already canonical
const CANONICAL_TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * The `projects` folders Claude Code writes to: each dir in `CLAUDE_CONFIG_DIR` (comma
 * separated) when it is set — and then only those, as ccusage does — else
 * `$XDG_CONFIG_HOME/claude` (or `~/.config/claude`) and `~/.claude`. Existing folders are
 * returned; when none exists, all candidates are, so an error can say where it looked.
 *
 * @example
 * claudeProjectDirs({ CLAUDE_CONFIG_DIR: "/a,/b" }); // ["/a/projects", "/b/projects"] (those that exist)
 */
export function claudeProjectDirs(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string[] {
  const configured = (env["CLAUDE_CONFIG_DIR"] ?? "").split(",").map((d) => d.trim()).filter((d) => d !== "");
  const xdg = env["XDG_CONFIG_HOME"]?.trim() || join(home, ".config");
  const roots = configured.length > 0 ? configured : [join(xdg, "claude"), join(home, ".claude")];
  const candidates = [...new Set(roots.map((root) => join(resolve(root), "projects")))];
  const existing = candidates.filter((dir) => existsSync(dir) && statSync(dir).isDirectory());
  return existing.length > 0 ? existing : candidates;
}

/**
 * The project folder a log file belongs to: the segment after the last `projects` folder
 * (logs of subagents sit deeper, under the session's folder), else the file's own folder.
 *
 * @example
 * projectFolder("/home/a/.claude/projects/-home-a-shop/0b6f.jsonl"); // "-home-a-shop"
 */
export function projectFolder(file: string): string {
  const parts = resolve(file).split(sep);
  const at = parts.lastIndexOf("projects");
  const name = at !== -1 && at + 2 < parts.length ? parts[at + 1] : undefined;
  return name !== undefined && name !== "" ? name : basename(dirname(resolve(file)));
}

/** how claude code names a project folder after its working directory */
function folderKey(path: string): string {
  return path.replace(/[^a-zA-Z0-9]/g, "-");
}

/** a string field, or undefined when absent or not a string (lines are read as latin1) */
function str(obj: JsonObject, key: string): string | undefined {
  const v = obj[key];
  return typeof v === "string" ? fromLatin1(v) : undefined;
}

/** per-file state: the project's decoded path, and the ids already seen */
interface FileState {
  file: string;
  folder: string;
  /** the working directory whose folder name this is, once an entry has shown it */
  decoded: string | undefined;
  lastCwd: string | undefined;
  seen: Set<string>;
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

/** one parsed log entry → a record, a reject reason, or undefined to skip it silently */
function entryToRecord(entry: unknown, text: string, line: number, state: FileState): UsageRecord | string | undefined {
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
  const timestamp = entry["timestamp"];
  if (typeof timestamp !== "string") return `timestamp: expected an ISO 8601 string, got ${describeValue(timestamp)}`;
  let ts = timestamp;
  if (!CANONICAL_TS.test(ts)) {
    const ms = Date.parse(ts);
    if (!Number.isFinite(ms)) return `timestamp: not a valid timestamp: ${describeValue(timestamp)}`;
    ts = new Date(ms).toISOString();
  }
  const messageId = str(message, "id");
  const requestId = str(entry, "requestId");
  // the same response is logged once per content block: ccusage's key, else the line itself
  const id =
    messageId !== undefined && requestId !== undefined
      ? `cc:${messageId}:${requestId}`
      : `cc:h:${createHash("sha256").update(text, "latin1").digest("hex").slice(0, 32)}`;
  // the first good entry wins; a bad one does not hide a later good copy
  if (state.seen.has(id)) return undefined;
  let usage;
  try {
    usage = normalizeAnthropicUsage(raw);
  } catch (e) {
    return `message.${(e as Error).message}`;
  }
  state.seen.add(id);

  const cwd = str(entry, "cwd");
  const tags: Record<string, string> = {};
  if (cwd !== undefined) tags["cwd"] = cwd;
  const version = str(entry, "version");
  if (version !== undefined) tags["version"] = version;
  const branch = str(entry, "gitBranch");
  if (branch !== undefined && branch !== "") tags["gitBranch"] = branch;
  // old logs priced the call themselves: kept to cross-check, never used as our price
  const costUSD = entry["costUSD"];
  if (typeof costUSD === "number") tags["claude_code_cost_usd"] = String(costUSD);

  const sessionId = str(entry, "sessionId");
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
  return record;
}

/**
 * The message id and request id read off the raw line without parsing it: the first `"id"`
 * inside `"message"` and the last `"requestId"`, where Claude Code writes them. Only a guess:
 * it is trusted (to skip the later blocks of a response unparsed) once a parsed line has shown
 * the same guess to be its real key.
 */
function guessKey(text: string): string | undefined {
  const message = text.indexOf('"message":{');
  if (message === -1) return undefined;
  const id = text.indexOf('"id":"', message);
  const request = text.lastIndexOf('"requestId":"');
  if (id === -1 || request < message) return undefined;
  const idEnd = text.indexOf('"', id + 6);
  const requestEnd = text.indexOf('"', request + 13);
  if (idEnd === -1 || requestEnd === -1) return undefined;
  const key = `cc:${text.slice(id + 6, idEnd)}:${text.slice(request + 13, requestEnd)}`;
  // an escape inside: not a plain id, do not guess
  return key.includes("\\") ? undefined : key;
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
 * path); a line that is not JSON is rejected; duplicate entries of one response yield once.
 *
 * @example
 * for await (const item of readClaudeCodeLog("~/.claude/projects/-home-a-shop/0b6f.jsonl")) …
 */
export async function* readClaudeCodeLog(file: string): AsyncGenerator<ImportItem> {
  const state: FileState = { file, folder: projectFolder(file), decoded: undefined, lastCwd: undefined, seen: new Set() };
  // guessed keys that a parsed line confirmed: their repeats need no parsing
  const confirmed = new Set<string>();
  // latin1: fast to decode, and every field read is passed through fromLatin1
  for (const batch of scanMarkedLines(file, USAGE_MARKER, "latin1")) {
    for (const { line, text, marked } of batch) {
      if (!marked) {
        yield { reject: { file, line, reason: notJson(text) } };
        continue;
      }
      const guess = guessKey(text);
      if (guess !== undefined && confirmed.has(guess)) continue;
      let entry: unknown;
      try {
        entry = JSON.parse(text);
      } catch {
        yield { reject: { file, line, reason: notJson(text) } };
        continue;
      }
      const result = entryToRecord(entry, text, line, state);
      if (typeof result === "string") yield { reject: { file, line, reason: result } };
      else if (result !== undefined) {
        if (guess === result.id) confirmed.add(guess);
        yield { record: result };
      }
    }
  }
}

export const claudeCodeImporter: Importer = {
  name: "claude-code",
  description: "Claude Code session logs (~/.claude/projects/**/*.jsonl, CLAUDE_CONFIG_DIR)",
  extensions: [".jsonl"],
  defaultPaths: () => claudeProjectDirs(),
  read: (file) => readClaudeCodeLog(file),
};
