import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeSyntheticClaudeLogs } from "../src/ingest/claude-code/testing/synth.js";

export interface ClaudeLogStats {
  bytes: number;
  lines: number;
  files: number;
  /** unique messages (message id + request id), as ccusage counts them */
  uniqueMessages: number;
}

export interface RunStats {
  name: string;
  seconds: number;
  peakMB: number;
  ok: boolean;
  note?: string;
}

export interface ClaudeCodeResult {
  logs: ClaudeLogStats;
  runs: RunStats[];
  /** days compared, and how many had identical input/output/cache-write/cache-read totals */
  days: number;
  daysEqual: number;
  firstDifference?: string;
  events: number;
}

const bin = fileURLToPath(new URL("../../bin/tokenomics.js", import.meta.url));

/** run a command under GNU time: wall seconds and peak resident memory */
function timed(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv): RunStats & { stdout: string } {
  const start = performance.now();
  const r = spawnSync("/usr/bin/time", ["-f", "%M", cmd, ...args], { env, encoding: "utf8", maxBuffer: 1 << 30 });
  const seconds = (performance.now() - start) / 1000;
  const peakKB = Number(r.stderr.trim().split("\n").at(-1));
  return { name, seconds, peakMB: peakKB / 1024, ok: r.status === 0, stdout: r.stdout, ...(r.status !== 0 ? { note: r.stderr.slice(-300) } : {}) };
}

/** install a ccusage version into its own folder, for this benchmark only */
function installCcusage(version: string): string | undefined {
  const dir = join(tmpdir(), `tokenomics-bench-ccusage-${version}`);
  const entry = join(dir, "node_modules", "ccusage", "package.json");
  if (!existsSync(entry)) {
    mkdirSync(dir, { recursive: true });
    try {
      execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefix", dir, `ccusage@${version}`], { stdio: "ignore" });
    } catch {
      return undefined;
    }
  }
  return join(dir, "node_modules", ".bin", "ccusage");
}

interface Day {
  input: number;
  output: number;
  cacheWrite: number;
  cacheRead: number;
}

function ccusageDays(stdout: string): Map<string, Day> {
  // ccusage 18 names the day `date`, 20 names it `period`
  const json = JSON.parse(stdout) as {
    daily: { date?: string; period?: string; inputTokens: number; outputTokens: number; cacheCreationTokens: number; cacheReadTokens: number }[];
  };
  return new Map(
    json.daily.map((d) => [
      d.date ?? d.period ?? "",
      { input: d.inputTokens, output: d.outputTokens, cacheWrite: d.cacheCreationTokens, cacheRead: d.cacheReadTokens },
    ]),
  );
}

function ourDays(stdout: string): Map<string, Day> {
  const json = JSON.parse(stdout) as { rows: { period: string; tokens: Record<string, number> }[] };
  return new Map(
    json.rows.map((r) => [
      r.period,
      {
        input: r.tokens.input!,
        output: r.tokens.output! + r.tokens.reasoning!,
        cacheWrite: r.tokens.cache_write! + r.tokens.cache_write_1h!,
        cacheRead: r.tokens.cached_input!,
      },
    ]),
  );
}

/**
 * ≥1 GB of Claude Code logs: our import (into a fresh ledger) against ccusage's native build
 * and its TypeScript build reading the same files, and the daily totals compared.
 */
export async function benchClaudeCode(bytes = 1_100_000_000, withTypeScriptPeer = true): Promise<ClaudeCodeResult> {
  const root = join(tmpdir(), `tokenomics-bench-claude-${process.pid}`);
  rmSync(root, { recursive: true, force: true });
  // realistic traps included: partial early blocks, subagent usage in tool results, resumed sessions
  const synth = writeSyntheticClaudeLogs({ dir: root, bytes, from: "2025-11-01" });
  // the logs just written are still being flushed to disk: let that finish before anything is timed
  spawnSync("sync");
  const logs: ClaudeLogStats = { bytes: synth.bytes, lines: synth.lines, files: synth.files.length, uniqueMessages: synth.totals.entries };
  const db = join(root, "ledger.duckdb");
  const env = { ...process.env, TZ: "UTC", CLAUDE_CONFIG_DIR: root };
  const runs: RunStats[] = [];
  try {
    const ours = timed("tokenomics import claude-code", process.execPath, [bin, "import", "claude-code", join(root, "projects"), "--db", db, "--json"], env);
    runs.push(ours);
    const events = ours.ok ? (JSON.parse(ours.stdout) as { inserted: number }).inserted : 0;
    const report = spawnSync(process.execPath, [bin, "report", "--db", db, "--every", "day", "--json"], { encoding: "utf8", env });
    const our = ourDays(report.stdout);

    let theirs: Map<string, Day> | undefined;
    for (const [version, label] of [
      ["20.0.24", "ccusage 20.0.24 (native Rust build)"],
      ["18.0.11", "ccusage 18.0.11 (TypeScript build)"],
    ] as const) {
      if (version === "18.0.11" && !withTypeScriptPeer) continue;
      const cc = installCcusage(version);
      if (!cc) {
        runs.push({ name: label, seconds: NaN, peakMB: NaN, ok: false, note: "could not be installed here" });
        continue;
      }
      const run = timed(label, cc, ["daily", "--json", "--offline"], env);
      runs.push({ ...run, stdout: undefined } as RunStats);
      if (run.ok && !theirs) theirs = ccusageDays(run.stdout);
    }

    let daysEqual = 0;
    let firstDifference: string | undefined;
    const days = new Set([...our.keys(), ...(theirs?.keys() ?? [])]);
    for (const day of [...days].sort()) {
      const a = our.get(day);
      const b = theirs?.get(day);
      if (a && b && a.input === b.input && a.output === b.output && a.cacheWrite === b.cacheWrite && a.cacheRead === b.cacheRead) daysEqual++;
      else firstDifference ??= `${day}: ours ${JSON.stringify(a)} vs ccusage ${JSON.stringify(b)}`;
    }
    return {
      logs,
      runs: runs.map(({ name, seconds, peakMB, ok, note }) => ({ name, seconds, peakMB, ok, ...(note ? { note } : {}) })),
      days: days.size,
      daysEqual,
      ...(firstDifference ? { firstDifference } : {}),
      events,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
