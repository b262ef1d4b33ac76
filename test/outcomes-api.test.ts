/**
 * `POST /api/outcomes` and `GET /api/outcomes/summary` on a running server: a key records
 * outcomes for its own calls only and sees its own scope; the admin token records and sees all;
 * the CLI's `--server` goes through the same routes.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { after, before, describe, it } from "node:test";
import { DuckDbStore } from "../src/ledger/duckdb/store.js";
import { newKey } from "../src/gateway/keys.js";
import { builtinCatalog } from "../src/pricing/builtin/index.js";
import type { OutcomeSummary, OutcomesRecorded } from "../src/server/api-types.js";
import { startServer, type RunningServer } from "../src/server/server.js";
import type { UsageEvent } from "../src/usage/event.js";
import { usage } from "../src/usage/usage.js";

const bin = fileURLToPath(new URL("../../bin/tokenomics.js", import.meta.url));
const exec = promisify(execFile);
const ADMIN = "outcomes-api-admin";
let dir: string;
let server: RunningServer;
let key: string;

function call(id: string, trace: string, attribution: UsageEvent["attribution"], usd: string): UsageEvent {
  return {
    id,
    ts: "2026-10-01T10:00:00.000Z",
    provider: "openai",
    model: "gpt-4o-mini",
    usage: usage({ requests: 1, input: 10 }),
    attribution,
    interaction: { trace_id: trace },
    request: { status: "ok" },
    source: { kind: "test", convention: "disjoint", raw_usage: {} },
    cost: { priced: true, resolved_model: "gpt-4o-mini", total_usd: usd, breakdown: { input: usd }, version_from: "2024-07-18" },
  };
}

const post = (body: unknown, token = key) =>
  fetch(`${server.url}/api/outcomes`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
const summary = async (query: string, token: string): Promise<OutcomeSummary> => {
  const res = await fetch(`${server.url}/api/outcomes/summary${query}`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200, await res.clone().text());
  return (await res.json()) as OutcomeSummary;
};
const outcome = (id: string, trace_id: string, extra: Record<string, unknown> = {}) => ({
  id,
  trace_id,
  kind: "accepted_suggestion",
  at: "2026-10-01T12:00:00Z",
  ...extra,
});

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "tokenomics-outcomes-api-"));
  const store = await DuckDbStore.open(join(dir, "ledger.duckdb"));
  const made = newKey({ team: "search" }, "app key");
  key = made.secret;
  await store.saveKey(made.key);
  await store.append([
    // the key's calls: answer feature, tk1 0.02 and tk2 0.04
    call("k1", "tk1", { team: "search", feature: "answer", api_key_id: made.key.id }, "0.02"),
    call("k2", "tk2", { team: "search", feature: "answer", api_key_id: made.key.id }, "0.04"),
    // someone else's: tx1 0.5
    call("x1", "tx1", { team: "ops", feature: "other" }, "0.5"),
  ]);
  server = await startServer({
    host: "127.0.0.1",
    port: 0,
    store,
    catalog: builtinCatalog(),
    upstreams: [],
    adminToken: ADMIN,
    spool: join(dir, "spool.jsonl"),
  });
});

after(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("outcomes over HTTP", () => {
  it("lets a key record outcomes for its own interactions, one or many, once", async () => {
    const one = await post(outcome("k-o1", "tk1"));
    assert.equal(one.status, 200);
    assert.deepEqual((await one.json()) as OutcomesRecorded, { inserted: 1, duplicates: 0 });
    assert.deepEqual(await (await post({ outcomes: [outcome("k-o1", "tk1")] })).json(), { inserted: 0, duplicates: 1 });
  });

  it("refuses a batch naming the index and field, and writes none of it", async () => {
    const foreign = await post({ outcomes: [outcome("k-o2", "tk2"), outcome("k-o3", "tx1")] });
    assert.equal(foreign.status, 403);
    assert.match(
      ((await foreign.json()) as { error: { message: string } }).error.message,
      /^outcomes\[1\]\.trace_id: no call made with this key has trace id "tx1"/,
    );
    const bad = await post({ outcomes: [outcome("k-o2", "tk2"), outcome("k-o4", "tk2", { at: "soon" })] });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { error: { message: string } }).error.message, /^outcomes\[1\]\.at: expected an ISO 8601 time/);
    const money = await post(outcome("k-o5", "tk2", { value_usd: 12.5 }));
    assert.equal(money.status, 400);
    assert.match(((await money.json()) as { error: { message: string } }).error.message, /^value_usd: expected a non-negative decimal string/);
    assert.equal((await post("{not json")).status, 400);
    assert.equal((await post({ outcomes: "x" })).status, 400);
    assert.equal((await fetch(`${server.url}/api/outcomes`, { method: "POST", body: "{}" })).status, 401);
    // none of k-o2 was written: tk2 has no outcome yet
    const rows = (await summary("", ADMIN)).rows;
    assert.deepEqual(
      rows.map((r) => [r.feature, r.outcomes]),
      [["answer", 1]],
    );
  });

  it("answers the summary: the admin sees every group, a key its own scope", async () => {
    assert.deepEqual(await (await post({ outcomes: [{ ...outcome("a-o1", "tx1"), kind: "conversion", value_usd: "12.50" }] }, ADMIN)).json(), {
      inserted: 1,
      duplicates: 0,
    });
    const all = await summary("?by=feature", ADMIN);
    assert.deepEqual(
      all.rows.map((r) => [r.feature, r.kind, r.interactions, r.interactions_usd, r.outcomes, r.successes, r.value_usd, r.cost_per_success_usd]),
      [
        // other: tx1 = 0.5, one conversion worth 12.50: 0.5 / 1
        ["other", "conversion", 1, "0.5", 1, 1, "12.5", "0.5"],
        // answer: tk1 + tk2 = 0.02 + 0.04 = 0.06, one accepted suggestion: 0.06 / 1
        ["answer", "accepted_suggestion", 2, "0.06", 1, 1, "0", "0.06"],
      ],
    );
    const mine = await summary("?by=feature", key);
    assert.deepEqual(
      mine.rows.map((r) => r.feature),
      ["answer"],
    );
    const bad = await fetch(`${server.url}/api/outcomes/summary?by=colour`, { headers: { authorization: `Bearer ${ADMIN}` } });
    assert.equal(bad.status, 400);
  });

  it("is what the CLI reaches with --server", async () => {
    const env = { ...process.env, TOKENOMICS_ADMIN_TOKEN: ADMIN, TOKENOMICS_SERVER: "", TOKENOMICS_DB: "" };
    const file = join(dir, "o.jsonl");
    writeFileSync(file, `${JSON.stringify(outcome("c-o1", "tk2", { success: false }))}\n`);
    const imported = await exec(process.execPath, [bin, "outcomes", "import", file, "--server", server.url, "--json"], { env, cwd: dir });
    assert.equal((JSON.parse(imported.stdout) as { inserted: number }).inserted, 1);
    const report = JSON.parse((await exec(process.execPath, [bin, "outcomes", "report", "--server", server.url, "--json"], { env })).stdout) as OutcomeSummary;
    const answer = report.rows.find((r) => r.feature === "answer")!;
    // answer: 1 success in 2 outcomes = 0.5; still 0.06 / 1 success
    assert.deepEqual([answer.outcomes, answer.successes, answer.success_rate, answer.cost_per_success_usd], [2, 1, 0.5, "0.06"]);
    assert.deepEqual(report, await summary("", ADMIN));
  });
});
