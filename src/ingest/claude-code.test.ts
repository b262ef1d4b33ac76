import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { UsageRecord } from "../usage/event.js";
import { usage } from "../usage/usage.js";
import { claudeCodeImporter, claudeProjectDirs, projectFolder, readClaudeCodeLog } from "./claude-code.js";
import { fromLatin1 } from "./claude-code-lines.js";
import { writeSyntheticClaudeLogs } from "./claude-code-synth.js";
import type { ImportItem, Reject } from "./importer.js";
import { sourcePath } from "./lines.js";

const PROJECTS = sourcePath("ingest/fixtures/claude-code/projects");
const SHOP = join(PROJECTS, "-home-alice-code-shop");
const MAIN = join(SHOP, "3f2a9c1e-5b7d-4e2a-9c11-7d0e8b6a4f10.jsonl");
const RESUMED = join(SHOP, "9b8c7d6e-1a2b-4c3d-8e9f-0a1b2c3d4e5f.jsonl");
const CAFE = join(PROJECTS, "-home-jos--src-caf--app", "c0ffee00-1234-4abc-9def-56789abcdef0.jsonl");

async function collect(file: string): Promise<{ records: UsageRecord[]; rejects: Reject[] }> {
  const records: UsageRecord[] = [];
  const rejects: Reject[] = [];
  for await (const item of claudeCodeImporter.read(file, {}) as AsyncIterable<ImportItem>) {
    if ("record" in item) records.push(item.record);
    else rejects.push(item.reject);
  }
  return { records, rejects };
}

describe("claude-code importer", () => {
  it("reads each response once, with the first logged usage, as ccusage does", async () => {
    const { records } = await collect(MAIN);
    assert.deepEqual(
      records.map((r) => [r.id, r.source.line]),
      [
        ["cc:msg_01Aa5KtGm2vHs8RwXq4nLb7C:req_011CTbA1zQw3eR5tY7uI9oP2", 3],
        ["cc:msg_01Bb7QfHn3kXz9TqLw2mVc4D:req_011CTbB2pLk8sW4dY6eF1gH3", 7],
        // no requestId (an old version): not deduplicated, keyed on the line's hash
        [records[2]?.id, 14],
        ["cc:msg_01Ff3XcVb7NmQ9wE2rTy4UiO:req_011CTbF6aS8dF0gH2jK4lQ6w", 16],
      ],
    );
    assert.match(records[2]?.id ?? "", /^cc:h:[0-9a-f]{32}$/);
    // lines 4 and 5 repeat line 3's response with output 245: the first (output 3) wins
    const [first, second, old, haiku] = records;
    assert.deepEqual(first?.usage, usage({ input: 4, cache_write: 2051, cached_input: 11954, output: 3, requests: 1 }));
    // 1500 written = 1000 for 5 minutes + 500 for 1 hour
    assert.deepEqual(second?.usage, usage({ input: 6, cache_write: 1000, cache_write_1h: 500, cached_input: 14005, output: 412, requests: 1 }));
    assert.deepEqual(old?.usage, usage({ input: 10, output: 20, requests: 1 }));
    assert.deepEqual(haiku?.usage, usage({ input: 1200, output: 87, requests: 1 }));
    assert.equal(haiku?.request.service_tier, "priority");
    assert.equal(first?.request.service_tier, undefined);
  });

  it("keeps the dimensions, the convention and the raw usage", async () => {
    const { records } = await collect(MAIN);
    const first = records[0];
    assert.equal(first?.ts, "2025-10-14T09:12:09.880Z");
    assert.equal(first?.provider, "anthropic");
    assert.equal(first?.model, "claude-sonnet-4-5-20250929");
    assert.deepEqual(first?.attribution, {
      // the folder name decoded through the entry's cwd
      project: "/home/alice/code/shop",
      tags: { cwd: "/home/alice/code/shop", version: "2.0.14", gitBranch: "fix/rounding" },
    });
    assert.deepEqual(first?.interaction, { session_id: "3f2a9c1e-5b7d-4e2a-9c11-7d0e8b6a4f10" });
    assert.deepEqual(first?.request, { status: "ok" });
    assert.equal(first?.source.kind, "claude-code");
    assert.equal(first?.source.convention, "anthropic-messages");
    assert.deepEqual(first?.source.raw_usage, {
      input_tokens: 4,
      cache_creation_input_tokens: 2051,
      cache_read_input_tokens: 11954,
      cache_creation: { ephemeral_5m_input_tokens: 2051, ephemeral_1h_input_tokens: 0 },
      output_tokens: 3,
      service_tier: "standard",
    });
    // an old entry priced itself: kept for cross-checks only
    assert.equal(records[2]?.attribution.tags?.["claude_code_cost_usd"], "0.00165");
    assert.equal(records[2]?.attribution.tags?.["version"], "1.0.31");
  });

  it("rejects what is not json or not valid usage, and skips the rest silently", async () => {
    const { rejects } = await collect(MAIN);
    assert.deepEqual(
      rejects.map((r) => [r.file, r.line]),
      [
        [MAIN, 9],
        [MAIN, 10],
        [MAIN, 13],
        [MAIN, 15],
      ],
    );
    // 9: a write cut short; 10: a stray line
    assert.match(rejects[0]?.reason ?? "", /^not JSON: line 1, column \d+: /);
    assert.match(rejects[1]?.reason ?? "", /^not JSON: /);
    assert.equal(rejects[2]?.reason, 'message.usage.input_tokens: expected a non-negative integer, got "abc"');
    assert.equal(rejects[3]?.reason, 'timestamp: not a valid timestamp: "yesterday"');
    // not rejected: the summary (1), user turns and tool results (2, 6, 8 — 8 holds a subagent's
    // usage under toolUseResult), the blank line (11) and the <synthetic> api error (12)
  });

  it("matches ccusage's totals over all the logs", async () => {
    const byId = new Map<string, UsageRecord>();
    for (const file of [MAIN, RESUMED, CAFE]) {
      // the ledger keeps the first of an id: the resumed session's copy of line 7 adds nothing
      for (const r of (await collect(file)).records) if (!byId.has(r.id)) byId.set(r.id, r);
    }
    const all = [...byId.values()];
    const sum = (f: (r: UsageRecord) => number): number => all.reduce((s, r) => s + f(r), 0);
    assert.equal(all.length, 6);
    // input 4 + 6 + 10 + 1200 + 3 + 25 = 1248
    assert.equal(sum((r) => r.usage.input), 1248);
    // output 3 + 412 + 20 + 87 + 130 + 1024 = 1676
    assert.equal(sum((r) => r.usage.output + r.usage.reasoning), 1676);
    // cache creation 2051 + 1500 + 812 + 4096 = 8459 = 5m 2051 + 1000 + 812 + 1h 500 + 4096
    assert.equal(sum((r) => r.usage.cache_write), 3863);
    assert.equal(sum((r) => r.usage.cache_write_1h), 4596);
    // cache read 11954 + 14005 + 16210 = 42169
    assert.equal(sum((r) => r.usage.cached_input), 42169);
  });

  it("reads crlf files and non-ascii paths", async () => {
    const { records, rejects } = await collect(CAFE);
    assert.deepEqual(rejects, []);
    assert.equal(records.length, 1);
    assert.equal(records[0]?.attribution.project, "/home/josé/src/café-app");
    assert.equal(records[0]?.attribution.tags?.["gitBranch"], "führung");
    // all 4096 writes are 1-hour writes
    assert.deepEqual(records[0]?.usage, usage({ input: 25, cache_write_1h: 4096, output: 1024, requests: 1 }));
  });

  it("gives the same ids on every run", async () => {
    const ids = async (): Promise<string[]> => (await collect(MAIN)).records.map((r) => r.id);
    assert.deepEqual(await ids(), await ids());
  });

  it("finds the projects folders as claude code and ccusage do", () => {
    const home = mkdtempSync(join(tmpdir(), "cc-home-"));
    try {
      mkdirSync(join(home, ".claude", "projects"), { recursive: true });
      mkdirSync(join(home, "a", "projects"), { recursive: true });
      mkdirSync(join(home, "b", "projects"), { recursive: true });
      assert.deepEqual(claudeProjectDirs({}, home), [join(home, ".claude", "projects")]);
      // CLAUDE_CONFIG_DIR: a comma-separated list, and then only those
      assert.deepEqual(claudeProjectDirs({ CLAUDE_CONFIG_DIR: ` ${join(home, "a")} ,${join(home, "b")},` }, home), [
        join(home, "a", "projects"),
        join(home, "b", "projects"),
      ]);
      // nothing exists: say where we looked
      assert.deepEqual(claudeProjectDirs({ CLAUDE_CONFIG_DIR: join(home, "none") }, home), [join(home, "none", "projects")]);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it("names the project after the folder under projects/", () => {
    assert.equal(projectFolder("/h/.claude/projects/-h-shop/s1.jsonl"), "-h-shop");
    // subagent logs sit under the session's folder
    assert.equal(projectFolder("/h/.claude/projects/-h-shop/s1/subagents/agent-1.jsonl"), "-h-shop");
    assert.equal(projectFolder("/elsewhere/logs/s1.jsonl"), "logs");
  });

  it("keeps the folder name when no entry's cwd matches it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cc-"));
    try {
      const folder = join(dir, "projects", "-srv-app");
      mkdirSync(folder, { recursive: true });
      const line = { cwd: "/srv/app/sub", sessionId: "s", timestamp: "2025-10-14T00:00:00Z", requestId: "r", message: { id: "m", model: "claude-sonnet-4-5", usage: { input_tokens: 1, output_tokens: 2 } } };
      writeFileSync(join(folder, "s.jsonl"), JSON.stringify(line));
      const { records } = await collect(join(folder, "s.jsonl"));
      assert.equal(records[0]?.attribution.project, "-srv-app");
      // timestamps without milliseconds are made canonical
      assert.equal(records[0]?.ts, "2025-10-14T00:00:00.000Z");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("finds the totals the synthetic logs were written with", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cc-synth-"));
    try {
      const synth = writeSyntheticClaudeLogs({ dir, bytes: 2_000_000, seed: 7 });
      const seen = new Set<string>();
      let input = 0;
      let cacheCreation = 0;
      let cacheRead = 0;
      let output = 0;
      let rejected = 0;
      for (const file of synth.files) {
        for await (const item of readClaudeCodeLog(file)) {
          if ("reject" in item) rejected++;
          else if (!seen.has(item.record.id)) {
            seen.add(item.record.id);
            const u = item.record.usage;
            input += u.input;
            cacheCreation += u.cache_write + u.cache_write_1h;
            cacheRead += u.cached_input;
            output += u.output + u.reasoning;
          }
        }
      }
      assert.equal(rejected, 0);
      assert.deepEqual({ entries: seen.size, input, output, cacheCreation, cacheRead }, synth.totals);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reads latin1-decoded strings back as utf-8", () => {
    assert.equal(fromLatin1(Buffer.from("/home/josé").toString("latin1")), "/home/josé");
    assert.equal(fromLatin1("plain"), "plain");
    // made by a \u escape, not by bytes: left alone
    assert.equal(fromLatin1("→"), "→");
  });
});
