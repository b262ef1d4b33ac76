import { spawnSync } from "node:child_process";
import { createWriteStream, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export interface ImportRun {
  /** how the lines were read: the ledger's native import, or every line in JavaScript */
  path: "native" | "javascript";
  seconds: number;
  eventsPerSecond: number;
  peakMB: number;
  inserted: number;
  total_usd: string;
}

export interface ImportResult {
  source: string;
  lines: number;
  megabytes: number;
  runs: ImportRun[];
}

const bin = fileURLToPath(new URL("../../bin/tokenomics.js", import.meta.url));
const MODELS = ["gpt-4o-2024-08-06", "gpt-4.1-mini", "o3", "gpt-5-mini", "gpt-4o-mini"];
const TEAMS = ["search", "support", "growth", "platform"];

/** compact OpenAI Chat Completions bodies with attribution alongside, as a gateway log would hold */
async function writeOpenAILines(file: string, n: number): Promise<void> {
  const out = createWriteStream(file);
  for (let i = 0; i < n; i++) {
    const prompt = 200 + ((i * 7919) % 20000);
    const cached = i % 3 === 0 ? Math.floor(prompt / 2) : 0;
    const completion = 20 + ((i * 104729) % 2000);
    const reasoning = i % 5 === 2 ? Math.floor(completion / 2) : 0;
    const ts = new Date(Date.UTC(2025, 9, 1) + i * 1000).toISOString();
    const line = `{"ts":"${ts}","team":"${TEAMS[i % 4]}","feature":"f${i % 13}","customer":"c${i % 211}","response":{"id":"chatcmpl-${i.toString(36)}","object":"chat.completion","created":${Math.floor(Date.parse(ts) / 1000)},"model":"${MODELS[i % 5]}","usage":{"prompt_tokens":${prompt},"completion_tokens":${completion},"total_tokens":${prompt + completion},"prompt_tokens_details":{"cached_tokens":${cached},"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":${reasoning},"audio_tokens":0}}}}\n`;
    if (!out.write(line)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
}

/** `tokenomics import openai` of `n` lines into a fresh ledger, as a separate process */
export async function benchImport(n = 2_000_000): Promise<ImportResult> {
  const dir = join(tmpdir(), `tokenomics-bench-import-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  const file = join(dir, "calls.jsonl");
  const { mkdirSync } = await import("node:fs");
  mkdirSync(dir, { recursive: true });
  await writeOpenAILines(file, n);
  try {
    const runs: ImportRun[] = [];
    for (const path of ["native", "javascript"] as const) {
      const db = join(dir, `ledger-${path}.duckdb`);
      const args = [bin, "import", "openai", file, "--db", db, "--json", ...(path === "javascript" ? ["--no-native"] : [])];
      const start = performance.now();
      const r = spawnSync("/usr/bin/time", ["-f", "%M", process.execPath, ...args], { encoding: "utf8" });
      const seconds = (performance.now() - start) / 1000;
      if (r.status !== 0) throw new Error(`import failed: ${r.stderr}`);
      const summary = JSON.parse(r.stdout) as { inserted: number; total_usd: string };
      runs.push({
        path,
        seconds,
        eventsPerSecond: n / seconds,
        peakMB: Number(r.stderr.trim().split("\n").at(-1)) / 1024,
        inserted: summary.inserted,
        total_usd: summary.total_usd,
      });
      rmSync(db, { force: true });
    }
    return { source: "openai (Chat Completions bodies with attribution alongside)", lines: n, megabytes: statSync(file).size / 1e6, runs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
