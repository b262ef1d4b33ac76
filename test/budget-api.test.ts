/**
 * `/api/budgets` and `/api/policies` on a running server: the admin defines, a virtual key sees
 * only the budgets that cover it and may change nothing; bad input is a 400 naming the field, an
 * admin route a 403 for a key, a missing budget a 404 — JSON bodies, never SQL or a stack. The
 * CLI's `--server` goes through the same routes.
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
import type { BudgetBurn, BudgetStatusReport } from "../src/server/api-types.js";
import { startServer, type RunningServer } from "../src/server/server.js";
import type { UsageEvent } from "../src/usage/event.js";
import { usage } from "../src/usage/usage.js";

const bin = fileURLToPath(new URL("../../bin/tokenomics.js", import.meta.url));
const exec = promisify(execFile);
const ADMIN = "budget-api-admin";
let dir: string;
let server: RunningServer;
let key: string;
let keyId: string;

const now = new Date();
const thisMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1, 0, 0, 1)).toISOString();

function call(id: string, attribution: UsageEvent["attribution"], usd: string): UsageEvent {
  return {
    id,
    ts: thisMonth,
    provider: "openai",
    model: "gpt-4o-mini",
    usage: usage({ requests: 1, input: 10 }),
    attribution,
    interaction: {},
    request: { status: "ok" },
    source: { kind: "test", convention: "disjoint", raw_usage: {} },
    cost: { priced: true, resolved_model: "gpt-4o-mini", total_usd: usd, breakdown: { input: usd }, version_from: "2024-07-18" },
  };
}

const api = async (method: string, path: string, token: string | undefined, body?: unknown) => {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text === "" ? undefined : (JSON.parse(text) as Record<string, unknown> & { error?: { type: string; message: string } }) };
};
const searchBudget = { scope: { team: "search" }, period: "month", amount_usd: "10", action: "block" };

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "tokenomics-budget-api-"));
  const store = await DuckDbStore.open(join(dir, "ledger.duckdb"));
  const made = newKey({ team: "search" }, "app key");
  key = made.secret;
  keyId = made.key.id;
  await store.saveKey(made.key);
  await store.append([call("s1", { team: "search", api_key_id: keyId }, "0.25"), call("s2", { team: "search" }, "0.5"), call("o1", { team: "ops" }, "4")]);
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

describe("budgets over HTTP", () => {
  it("lets the admin create (201), update (200) and read budgets in their snake_case fields", async () => {
    const created = await api("PUT", "/api/budgets/search", ADMIN, searchBudget);
    assert.equal(created.status, 201);
    assert.equal(created.json!.change, "created");
    assert.equal((await api("PUT", "/api/budgets/search", ADMIN, { ...searchBudget, name: "search" })).json!.change, "unchanged");
    const updated = await api("PUT", "/api/budgets/search", ADMIN, { ...searchBudget, amount_usd: "20", hold_cap_usd: "0.5" });
    assert.equal(updated.status, 200);
    assert.equal(updated.json!.change, "updated");
    assert.equal((await api("PUT", "/api/budgets/ops", ADMIN, { scope: { team: "ops" }, period: "month", amount: "3", action: "alert" })).status, 201);
    assert.equal(
      (await api("PUT", "/api/budgets/mine", ADMIN, { scope: { key: keyId, model: "gpt-4o-mini" }, period: "month", amount_usd: "1", action: "block" })).status,
      201,
    );
    const all = await api("GET", "/api/budgets", ADMIN);
    assert.deepEqual(
      (all.json!.budgets as { name: string }[]).map((b) => b.name),
      ["mine", "ops", "search"],
    );
    assert.deepEqual((all.json!.budgets as Record<string, unknown>[])[2], {
      name: "search",
      scope: { team: "search" },
      period: "month",
      tz: "UTC",
      amount_usd: "20",
      alerts: [50, 80, 100],
      action: "block",
      hold_cap_usd: "0.5",
    });
  });

  it("shows a key only the budgets that cover it, status included", async () => {
    const mine = await api("GET", "/api/budgets", key);
    assert.deepEqual(
      (mine.json!.budgets as { name: string }[]).map((b) => b.name),
      ["mine", "search"],
    );
    const status = (await api("GET", "/api/budgets/status", key)).json as unknown as BudgetStatusReport;
    // the status counts every call in the budget's scope, not only the key's own: search = 0.25 + 0.5
    assert.deepEqual(
      status.budgets.map((b) => [b.name, b.spent_usd, b.reserved_usd, b.remaining_usd]),
      [
        ["mine", "0.25", "0", "0.75"],
        ["search", "0.75", "0", "19.25"],
      ],
    );
    const ops = (await api("GET", "/api/budgets/status?name=ops", ADMIN)).json as unknown as BudgetStatusReport;
    // an alert budget past its limit: 3 − 4 = −1
    assert.equal(ops.budgets[0]!.remaining_usd, "-1");
    assert.equal((await api("GET", "/api/budgets/status?name=ops", key)).status, 404);
    const burn = (await api("GET", "/api/budgets/search/burn", key)).json as unknown as BudgetBurn;
    assert.equal(burn.budget, "search");
    assert.equal(burn.points.at(-1)!.spent_usd, "0.75");
  });

  it("answers 400 naming the field, 403 to a key on an admin route, 404 for a missing budget", async () => {
    const bad = await api("PUT", "/api/budgets/x", ADMIN, { ...searchBudget, amount_usd: "ten" });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.json, { error: { type: "invalid_request_error", message: 'amount_usd: must be a non-negative decimal string such as "25.00"' } });
    assert.match(
      (await api("PUT", "/api/budgets/x", ADMIN, { ...searchBudget, scope: { planet: "mars" } })).json!.error!.message,
      /^scope\.planet: unknown scope key/,
    );
    assert.match((await api("PUT", "/api/budgets/x", ADMIN, { ...searchBudget, name: "y" })).json!.error!.message, /^name: "y" is not the name in the path/);
    assert.equal((await api("PUT", "/api/budgets/x", ADMIN, "{not json")).status, 400);
    assert.match((await api("PUT", "/api/budgets/a%20b", ADMIN, searchBudget)).json!.error!.message, /^name: /);
    const forbidden = await api("PUT", "/api/budgets/x", key, searchBudget);
    assert.equal(forbidden.status, 403);
    assert.equal(forbidden.json!.error!.type, "permission_error");
    assert.equal((await api("DELETE", "/api/budgets/search", key)).status, 403);
    assert.equal((await api("POST", "/api/budgets/apply", key, { budgets: [] })).status, 403);
    assert.equal((await api("GET", "/api/policies", key)).status, 403);
    assert.equal((await api("GET", "/api/budgets", undefined)).status, 401);
    const missing = await api("DELETE", "/api/budgets/nope", ADMIN);
    assert.deepEqual(missing, { status: 404, json: { error: { type: "not_found_error", message: 'no budget named "nope"' } } });
    assert.equal((await api("GET", "/api/budgets/nope/burn", ADMIN)).status, 404);
  });

  it("applies a rules body whole (a mistake anywhere changes nothing), with dry run and prune", async () => {
    const rules = { budgets: [{ name: "search", ...searchBudget, amount_usd: "30" }], policies: [{ name: "no-o1", deny_models: ["o1*"] }] };
    const wrong = await api("POST", "/api/budgets/apply", ADMIN, { ...rules, policies: [...rules.policies, { name: "p2", max_input_tokens: "many" }] });
    assert.equal(wrong.status, 400);
    assert.match(wrong.json!.error!.message, /^policies\[1\]\.max_input_tokens: /);
    assert.equal((await api("GET", "/api/policies", ADMIN)).json!.policies!.toString(), "");
    const dry = await api("POST", "/api/budgets/apply", ADMIN, { ...rules, prune: true, dry_run: true });
    assert.deepEqual(dry.json, {
      changes: [
        { kind: "budget", name: "search", change: "updated" },
        { kind: "budget", name: "mine", change: "deleted" },
        { kind: "budget", name: "ops", change: "deleted" },
        { kind: "policy", name: "no-o1", change: "created" },
      ],
    });
    assert.equal(((await api("GET", "/api/budgets", ADMIN)).json!.budgets as unknown[]).length, 3);
    const applied = await api("POST", "/api/budgets/apply", ADMIN, { ...rules, prune: true });
    assert.deepEqual(applied.json, dry.json);
    assert.deepEqual((await api("GET", "/api/policies", ADMIN)).json, { policies: [{ name: "no-o1", match: {}, deny_models: ["o1*"] }] });
    assert.equal((await api("POST", "/api/budgets/apply", ADMIN, { ...rules, prune: "yes" })).status, 400);
  });

  it("defines and deletes policies", async () => {
    assert.equal((await api("PUT", "/api/policies/batch", ADMIN, { match: { feature: "nightly" }, require_tier: "batch" })).status, 201);
    assert.match((await api("PUT", "/api/policies/batch", ADMIN, { rate_limit: { per: "key" } })).json!.error!.message, /^rate_limit: /);
    assert.equal((await api("DELETE", "/api/policies/batch", ADMIN)).status, 204);
    assert.equal((await api("DELETE", "/api/policies/batch", ADMIN)).status, 404);
  });

  it("serves the CLI's --server: status from the server, apply through it", async () => {
    const env = { ...process.env, TOKENOMICS_ADMIN_TOKEN: ADMIN };
    const status = JSON.parse(
      (await exec(process.execPath, [bin, "budget", "status", "--server", server.url, "--json"], { env })).stdout,
    ) as BudgetStatusReport;
    assert.deepEqual(
      status.budgets.map((b) => [b.name, b.spent_usd]),
      [["search", "0.75"]],
    );
    const file = join(dir, "rules.json");
    writeFileSync(file, JSON.stringify({ budgets: [{ name: "ops", scope: { team: "ops" }, period: "month", amount_usd: "5", action: "alert" }] }));
    const out = (await exec(process.execPath, [bin, "budget", "apply", file, "--server", server.url], { env })).stdout;
    assert.equal(out, "created   budget ops\n");
    const refused = await exec(
      process.execPath,
      [bin, "budget", "set", "x", "--period", "month", "--amount", "1", "--action", "block", "--server", server.url],
      {
        env: { ...env, TOKENOMICS_ADMIN_TOKEN: key },
      },
    ).catch((e: { code: number; stderr: string }) => e);
    assert.equal((refused as { code: number }).code, 2);
    assert.match((refused as { stderr: string }).stderr, /answered 403/);
  });
});
