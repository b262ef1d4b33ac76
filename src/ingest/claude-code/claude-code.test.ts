import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { UsageRecord } from "../../usage/event.js";
import { usage } from "../../usage/usage.js";
import { claudeCodeImporter } from "./importer.js";
import { readClaudeCodeLog } from "./read-log.js";
import { claudeProjectDirs, pathSession, projectFolder } from "./paths.js";
import { fromLatin1 } from "./marked-lines.js";
import { writeSyntheticClaudeLogs } from "./testing/synth.js";
import type { ImportItem, Reject } from "../importer.js";
import { sourcePath } from "../testing/source-path.js";

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
  it("reads each response once, with the usage ccusage counts", async () => {
    const { records } = await collect(MAIN);
    assert.deepEqual(
      records.map((r) => [r.id, r.source.line, r.model]),
      [
        // lines 3–5 are one response: 3 says output 3 (logged mid-stream), 4 and 5 say 245
        ["cc:msg_01Aa5KtGm2vHs8RwXq4nLb7C:req_011CTbA1zQw3eR5tY7uI9oP2", 4, "claude-sonnet-4-5-20250929"],
        ["cc:msg_01Bb7QfHn3kXz9TqLw2mVc4D:req_011CTbB2pLk8sW4dY6eF1gH3", 7, "claude-sonnet-4-5-20250929"],
        // no requestId (an old version): message id, session and time
        ["cc:msg_01Ee2WqRt5YuI7oP9aSdFg3H::3f2a9c1e-5b7d-4e2a-9c11-7d0e8b6a4f10:2025-10-14T09:20:44.310Z", 14, "claude-opus-4-1-20250805"],
        ["cc:msg_01Ff3XcVb7NmQ9wE2rTy4UiO:req_011CTbF6aS8dF0gH2jK4lQ6w", 16, "claude-haiku-4-5-20251001"],
        ["cc:msg_01Kk6MnB8vC0xZ2aS4dF6gH8:req_011CTbK1qA3sD5fG7hJ9kL1z", 17, "claude-sonnet-4-5-20250929"],
        // the advisor the response consulted: a call of its own model
        ["cc:msg_01Kk6MnB8vC0xZ2aS4dF6gH8:advisor:0:req_011CTbK1qA3sD5fG7hJ9kL1z", 17, "claude-opus-4-1-20250805"],
      ],
    );
    const [first, second, old, haiku, main, advisor] = records;
    // the largest total wins: 4 + 2051 + 11954 + 245 over the same with output 3
    assert.deepEqual(first?.usage, usage({ input: 4, cache_write: 2051, cached_input: 11954, output: 245, requests: 1 }));
    // 1500 written = 1000 for 5 minutes + 500 for 1 hour
    assert.deepEqual(second?.usage, usage({ input: 6, cache_write: 1000, cache_write_1h: 500, cached_input: 14005, output: 412, requests: 1 }));
    assert.deepEqual(old?.usage, usage({ input: 10, output: 20, requests: 1 }));
    assert.deepEqual(haiku?.usage, usage({ input: 1200, output: 87, requests: 1 }));
    assert.equal(haiku?.request.service_tier, "priority");
    assert.equal(first?.request.service_tier, undefined);
    // the top-level usage is the main model's alone; the advisor's iteration is not added to it
    assert.deepEqual(main?.usage, usage({ input: 8, cached_input: 20000, output: 150, requests: 1 }));
    assert.deepEqual(advisor?.usage, usage({ input: 1500, output: 300, requests: 1 }));
    assert.equal(advisor?.interaction.session_id, main?.interaction.session_id);
  });

  it("keeps the dimensions, the convention and the raw usage", async () => {
    const { records } = await collect(MAIN);
    const first = records[0];
    assert.equal(first?.ts, "2025-10-14T09:12:10.114Z");
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
      output_tokens: 245,
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
        [MAIN, 18],
      ],
    );
    // 9: a write cut short; 10: a stray line
    assert.match(rejects[0]?.reason ?? "", /^not JSON: line 1, column \d+: /);
    assert.match(rejects[1]?.reason ?? "", /^not JSON: /);
    assert.equal(rejects[2]?.reason, 'message.usage.input_tokens: expected a non-negative integer, got "abc"');
    assert.equal(rejects[3]?.reason, 'timestamp: not a valid timestamp: "yesterday"');
    // ccusage skips a line with a null where it needs a value
    assert.equal(rejects[4]?.reason, "message.model: null");
    // not rejected: the summary (1), user turns and tool results (2, 6, 8 — 8 holds a subagent's
    // usage under toolUseResult), the blank line (11) and the <synthetic> api error (12)
  });

  it("gives ccusage's daily totals over all the logs", async () => {
    const byId = new Map<string, UsageRecord>();
    for (const file of [MAIN, RESUMED, CAFE]) {
      // the ledger keeps the first of an id: the resumed session's copy of line 7 adds nothing
      for (const r of (await collect(file)).records) if (!byId.has(r.id)) byId.set(r.id, r);
    }
    const days = new Map<string, [number, number, number, number]>();
    for (const r of byId.values()) {
      const d = days.get(r.ts.slice(0, 10)) ?? [0, 0, 0, 0];
      const u = r.usage;
      days.set(r.ts.slice(0, 10), [d[0] + u.input, d[1] + u.output + u.reasoning, d[2] + u.cache_write + u.cache_write_1h, d[3] + u.cached_input]);
    }
    // `ccusage daily --json` (20.0.24, TZ=UTC) on these files: [input, output, cache creation, cache read]
    assert.deepEqual(Object.fromEntries(days), {
      // input 4 + 6 + 10 + 3; output 245 + 412 + 20 + 130; creation 2051 + 1500 + 812; read 11954 + 14005 + 16210
      "2025-10-14": [23, 807, 4363, 42169],
      // input 1200 + 8 + advisor 1500; output 87 + 150 + advisor 300; read 20000
      "2025-10-15": [2708, 537, 0, 20000],
      // creation 4096, all of it 1-hour writes
      "2025-10-16": [25, 1024, 4096, 0],
    });
    // (ccusage 18, the TypeScript build, kept the first line of a response: output 565 on the 14th)
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

  it("names the project and the session after the path", () => {
    assert.equal(projectFolder("/h/.claude/projects/-h-shop/s1.jsonl"), "-h-shop");
    // subagent logs sit under the session's folder
    assert.equal(projectFolder("/h/.claude/projects/-h-shop/s1/subagents/agent-1.jsonl"), "-h-shop");
    assert.equal(projectFolder("/elsewhere/logs/s1.jsonl"), "logs");
    assert.equal(pathSession("/h/.claude/projects/-h-shop/s1.jsonl"), "s1");
    assert.equal(pathSession("/h/.claude/projects/-h-shop/s1/subagents/agent-1.jsonl"), "s1");
  });

  it("keys a line without any message id on its own hash", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cc-"));
    try {
      const folder = join(dir, "projects", "-srv-app");
      mkdirSync(folder, { recursive: true });
      const line = (uuid: string): string =>
        JSON.stringify({
          uuid,
          sessionId: "s",
          timestamp: "2025-10-14T00:00:00.000Z",
          message: { model: "claude-sonnet-4-5", usage: { input_tokens: 1, output_tokens: 2 } },
        });
      writeFileSync(join(folder, "s.jsonl"), `${line("u1")}\n${line("u2")}\n`);
      const { records } = await collect(join(folder, "s.jsonl"));
      // two lines, two calls: nothing says they are one
      assert.equal(records.length, 2);
      assert.match(records[0]?.id ?? "", /^cc:h:[0-9a-f]{32}$/);
      assert.notEqual(records[0]?.id, records[1]?.id);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("keeps the folder name when no entry's cwd matches it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cc-"));
    try {
      const folder = join(dir, "projects", "-srv-app");
      mkdirSync(folder, { recursive: true });
      const line = {
        cwd: "/srv/app/sub",
        sessionId: "s",
        timestamp: "2025-10-14T00:00:00Z",
        requestId: "r",
        message: { id: "m", model: "claude-sonnet-4-5", usage: { input_tokens: 1, output_tokens: 2 } },
      };
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
