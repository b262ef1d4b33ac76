import { mkdirSync, createWriteStream, type WriteStream } from "node:fs";
import { join } from "node:path";

/**
 * Synthetic Claude Code session logs in the shape Claude Code writes (compact JSON, one object
 * per line): user turns, assistant turns with `message.usage` — each assistant message split
 * over several lines with the same message id and request id, as streaming writes them — and
 * tool results. Deterministic for a seed.
 */
export interface ClaudeLogStats {
  bytes: number;
  lines: number;
  usageLines: number;
  uniqueMessages: number;
}

const MODELS = ["claude-sonnet-4-5-20250929", "claude-opus-4-1-20250805", "claude-haiku-4-5-20251001", "claude-sonnet-4-20250514"];
const WORDS = "the a function returns value error file test build import export const let await async module type interface class method string number array object promise result data cache token price model".split(" ");

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (r: () => number, n: number) => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join("");
const uuid = (r: () => number) => `${hex(r, 8)}-${hex(r, 4)}-4${hex(r, 3)}-a${hex(r, 3)}-${hex(r, 12)}`;

function prose(r: () => number, words: number): string {
  let s = "";
  for (let i = 0; i < words; i++) s += (i ? " " : "") + WORDS[Math.floor(r() * WORDS.length)];
  return s;
}

async function write(out: WriteStream, text: string): Promise<void> {
  if (!out.write(text)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
}

/** write about `targetBytes` of logs under dir/projects/<project>/<session>.jsonl */
export async function writeClaudeLogs(dir: string, targetBytes: number, seed = 7): Promise<ClaudeLogStats> {
  const r = rng(seed);
  const stats: ClaudeLogStats = { bytes: 0, lines: 0, usageLines: 0, uniqueMessages: 0 };
  const start = Date.parse("2025-11-01T00:00:00Z"); // after every model here was released
  let session = 0;
  while (stats.bytes < targetBytes) {
    const project = `-home-dev-project-${session % 12}`;
    const projectDir = join(dir, "projects", project);
    mkdirSync(projectDir, { recursive: true });
    const sessionId = uuid(r);
    const out = createWriteStream(join(projectDir, `${sessionId}.jsonl`));
    const cwd = `/home/dev/project-${session % 12}`;
    let t = start + Math.floor(r() * 55 * 86_400_000);
    let context = 2_000 + Math.floor(r() * 10_000);
    const turns = 20 + Math.floor(r() * 60);
    for (let turn = 0; turn < turns && stats.bytes < targetBytes; turn++) {
      const common = `"isSidechain":false,"userType":"external","cwd":"${cwd}","sessionId":"${sessionId}","version":"2.0.14","gitBranch":"main"`;
      const user = `{"parentUuid":null,${common},"type":"user","message":{"role":"user","content":"${prose(r, 20 + Math.floor(r() * 200))}"},"uuid":"${uuid(r)}","timestamp":"${new Date(t).toISOString()}"}\n`;
      await write(out, user);
      stats.bytes += user.length;
      stats.lines++;
      const msgId = `msg_01${hex(r, 22)}`;
      const requestId = `req_011${hex(r, 21)}`;
      const model = MODELS[Math.floor(r() * MODELS.length)]!;
      const write5m = r() < 0.5 ? Math.floor(r() * 4_000) : 0;
      const usage = {
        input_tokens: 1 + Math.floor(r() * 30),
        cache_creation_input_tokens: write5m,
        cache_read_input_tokens: context,
        cache_creation: { ephemeral_5m_input_tokens: write5m, ephemeral_1h_input_tokens: 0 },
        output_tokens: 1 + Math.floor(r() * 1_500),
        service_tier: "standard",
      };
      context += write5m + usage.output_tokens;
      // streaming writes one line per content block, each repeating the id and the usage
      const blocks = 1 + Math.floor(r() * 3);
      for (let b = 0; b < blocks; b++) {
        t += 1_000 + Math.floor(r() * 20_000);
        const content = b === blocks - 1 && r() < 0.5
          ? `[{"type":"tool_use","id":"toolu_01${hex(r, 22)}","name":"Bash","input":{"command":"npm test -- ${prose(r, 3)}"}}]`
          : `[{"type":"text","text":"${prose(r, 40 + Math.floor(r() * 300))}"}]`;
        const line = `{"parentUuid":"${uuid(r)}",${common},"message":{"id":"${msgId}","type":"message","role":"assistant","model":"${model}","content":${content},"stop_reason":null,"stop_sequence":null,"usage":${JSON.stringify(usage)}},"requestId":"${requestId}","type":"assistant","uuid":"${uuid(r)}","timestamp":"${new Date(t).toISOString()}"}\n`;
        await write(out, line);
        stats.bytes += line.length;
        stats.lines++;
        stats.usageLines++;
      }
      stats.uniqueMessages++;
      if (r() < 0.4) {
        const tool = `{"parentUuid":"${uuid(r)}",${common},"type":"user","message":{"role":"user","content":[{"tool_use_id":"toolu_01${hex(r, 22)}","type":"tool_result","content":"${prose(r, 50 + Math.floor(r() * 400))}","is_error":false}]},"uuid":"${uuid(r)}","timestamp":"${new Date(t + 500).toISOString()}","toolUseResult":{"stdout":"${prose(r, 30)}","stderr":"","interrupted":false}}\n`;
        await write(out, tool);
        stats.bytes += tool.length;
        stats.lines++;
      }
    }
    await new Promise<void>((resolve) => out.end(resolve));
    session++;
  }
  return stats;
}
