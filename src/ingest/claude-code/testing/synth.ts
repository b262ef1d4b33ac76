/**
 * Synthetic Claude Code logs, shaped like the real ones, for benchmarks and throughput tests.
 *
 * Sessions are written as Claude Code writes them: compact JSON, one entry per line; a user
 * prompt, then steps of an assistant response logged once per content block (thinking, text,
 * tool use — same message id and request id; an early block may carry a partial output count,
 * the last one the final usage) and a user tool result carrying
 * the tool's output twice (in the message and in `toolUseResult`). Some tool results are Task
 * results whose `toolUseResult.usage` is a subagent's (not a call of this session: a trap for
 * readers that grep for usage). A resumed session repeats a few responses of an earlier one.
 * Seeded: the same options give the same bytes.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { seededRandom } from "../../../shared/random.js";

export interface SynthOptions {
  /** the config dir; files go to `<dir>/projects/<project>/<session>.jsonl` */
  dir: string;
  /** stop once this many bytes are written */
  bytes: number;
  seed?: number;
  /** first day of the logs (UTC, YYYY-MM-DD); sessions spread over 30 days from it */
  from?: string;
}

/** token totals the way ccusage sums them (per message id + request id, the final usage) */
export interface SynthTotals {
  entries: number;
  input: number;
  output: number;
  cacheCreation: number;
  cacheRead: number;
}

export interface SynthResult {
  files: string[];
  bytes: number;
  lines: number;
  totals: SynthTotals;
  /** the same totals per UTC day */
  daily: Map<string, SynthTotals>;
}

const PROJECTS = ["/home/alice/code/shop", "/home/alice/code/billing-api", "/home/bob/src/infra.tools", "/srv/work/data_pipeline"];
const MODELS = ["claude-sonnet-4-5-20250929", "claude-sonnet-4-5-20250929", "claude-opus-4-1-20250805", "claude-haiku-4-5-20251001"];
const WORDS = (
  "the function returns a promise so callers await it; refactor checkout total → cents, café naïve résumé 🚀 " +
  'const total = items.reduce((sum, i) => sum + i.price * i.qty, 0);\n\tif (total < 0) throw new Error("negative \\"total\\"");\n'
).split(" ");

function zeroTotals(): SynthTotals {
  return { entries: 0, input: 0, output: 0, cacheCreation: 0, cacheRead: 0 };
}

/**
 * Writes synthetic Claude Code logs until `bytes` are written; returns the files and the token
 * totals a correct reader must find.
 *
 * @example
 * const { totals } = writeSyntheticClaudeLogs({ dir: "/tmp/claude", bytes: 1 << 30 });
 */
export function writeSyntheticClaudeLogs(options: SynthOptions): SynthResult {
  const rand = seededRandom(options.seed ?? 42);
  const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const hex = (n: number): string => Array.from({ length: n }, () => "0123456789abcdef"[int(0, 15)]).join("");
  const uuid = (): string => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
  const text = (words: number): string => Array.from({ length: words }, () => pick(WORDS)).join(" ");
  const start = Date.parse(`${options.from ?? "2025-10-01"}T00:00:00.000Z`);
  const result: SynthResult = { files: [], bytes: 0, lines: 0, totals: zeroTotals(), daily: new Map() };
  const earlier: string[] = [];

  const count = (
    ts: string,
    usage: { input_tokens: number; output_tokens: number; cache_creation_input_tokens: number; cache_read_input_tokens: number },
  ): void => {
    const day = ts.slice(0, 10);
    const d = result.daily.get(day) ?? zeroTotals();
    result.daily.set(day, d);
    for (const t of [result.totals, d]) {
      t.entries++;
      t.input += usage.input_tokens;
      t.output += usage.output_tokens;
      t.cacheCreation += usage.cache_creation_input_tokens;
      t.cacheRead += usage.cache_read_input_tokens;
    }
  };

  while (result.bytes < options.bytes) {
    const cwd = pick(PROJECTS);
    const folder = join(options.dir, "projects", cwd.replace(/[^a-zA-Z0-9]/g, "-"));
    mkdirSync(folder, { recursive: true });
    const sessionId = uuid();
    const env = { isSidechain: false, userType: "external", cwd, sessionId, version: "2.0.14", gitBranch: pick(["main", "feat/cents", ""]) };
    const lines: string[] = [JSON.stringify({ type: "summary", summary: text(6), leafUuid: uuid() })];
    let t = start + int(0, 29) * 86_400_000 + int(0, 86_399) * 1000;
    const ts = (): string => new Date((t += int(200, 9000))).toISOString();
    let parent: string | null = null;
    const push = (entry: object): void => {
      const uuidNow = uuid();
      lines.push(JSON.stringify({ parentUuid: parent, ...env, ...entry, uuid: uuidNow, timestamp: ts() }));
      parent = uuidNow;
    };
    // a resumed session starts with copies of responses logged before
    if (earlier.length > 0 && rand() < 0.1) lines.push(...earlier.slice(-int(1, 3)));

    for (let turn = int(20, 120); turn > 0; turn--) {
      push({ type: "user", message: { role: "user", content: text(int(5, 60)) } });
      for (let step = int(1, 6); step > 0; step--) {
        const model = pick(MODELS);
        const oneHour = rand() < 0.2 ? int(0, 3000) : 0;
        const fiveMin = int(0, 4000);
        const usage = {
          input_tokens: int(1, 12),
          cache_creation_input_tokens: fiveMin + oneHour,
          cache_read_input_tokens: int(8000, 150_000),
          cache_creation: { ephemeral_5m_input_tokens: fiveMin, ephemeral_1h_input_tokens: oneHour },
          output_tokens: int(1, 2500),
          service_tier: "standard",
        };
        const message = { model, id: `msg_01${hex(22)}`, type: "message", role: "assistant", stop_reason: null, stop_sequence: null };
        const requestId = `req_011C${hex(20)}`;
        const toolId = `toolu_01${hex(22)}`;
        const blocks: object[] = [];
        if (rand() < 0.4) blocks.push({ type: "thinking", thinking: text(int(20, 300)), signature: hex(int(200, 600)) });
        if (rand() < 0.7) blocks.push({ type: "text", text: text(int(5, 200)) });
        blocks.push({
          type: "tool_use",
          id: toolId,
          name: "Edit",
          input: { file_path: `${cwd}/src/cart.ts`, old_string: text(int(5, 150)), new_string: text(int(5, 250)) },
        });
        let firstLine = "";
        for (const [i, block] of blocks.entries()) {
          // while streaming, the first blocks may be logged before the output is all counted
          const partial = i < blocks.length - 1 && rand() < 0.3;
          push({
            message: { ...message, content: [block], usage: partial ? { ...usage, output_tokens: int(1, usage.output_tokens) } : usage },
            requestId,
            type: "assistant",
          });
          if (firstLine === "") {
            firstLine = lines[lines.length - 1] as string;
            count(JSON.parse(firstLine).timestamp as string, usage);
          }
        }
        earlier.push(lines[lines.length - 1] as string);
        if (earlier.length > 50) earlier.shift();
        const output = text(int(50, 1200));
        const task = rand() < 0.05;
        const toolUseResult = task
          ? {
              status: "completed",
              prompt: text(20),
              content: [{ type: "text", text: output }],
              totalTokens: int(1000, 90_000),
              usage: { input_tokens: int(1, 50), output_tokens: int(1, 4000), cache_read_input_tokens: int(0, 90_000) },
            }
          : { type: "text", file: { filePath: `${cwd}/src/cart.ts`, content: output, numLines: int(10, 400), startLine: 1, totalLines: int(10, 400) } };
        push({ type: "user", message: { role: "user", content: [{ tool_use_id: toolId, type: "tool_result", content: output }] }, toolUseResult });
      }
      if (rand() < 0.05)
        lines.push(
          JSON.stringify({
            type: "file-history-snapshot",
            messageId: uuid(),
            snapshot: { messageId: uuid(), trackedFileBackups: {}, timestamp: ts() },
            isSnapshotUpdate: false,
          }),
        );
    }
    const file = join(folder, `${sessionId}.jsonl`);
    const body = `${lines.join("\n")}\n`;
    writeFileSync(file, body);
    result.files.push(file);
    result.bytes += Buffer.byteLength(body);
    result.lines += lines.length;
  }
  return result;
}
