/**
 * The demo plants savings (src/demo/features.ts): `tokenomics savings` on a fresh demo ledger
 * finds each, with the saving a person computes from the ledger's token sums and the published
 * prices.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import Big from "big.js";
import { DuckDbStore } from "../src/ledger/duckdb/store.js";
import type { Opportunity, SavingsReport } from "../src/optimize/savings.js";
import type { Usage } from "../src/usage/usage.js";
import { serveProcess } from "./support/serve-process.js";

const bin = fileURLToPath(new URL("../../bin/tokenomics.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "tokenomics-demo-savings-"));
const db = join(dir, "demo.duckdb");
let report: SavingsReport;

function run(...args: string[]): string {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

async function tokensOf(feature: string): Promise<Usage> {
  const store = await DuckDbStore.open(db);
  try {
    return (await store.aggregate({ by: [], where: [{ dimension: "feature", values: [feature] }] })).rows[0]!.tokens;
  } finally {
    await store.close();
  }
}

const find = (kind: string, feature: string): Opportunity => {
  const o = report.opportunities.find((x) => x.kind === kind && x.scope.feature === feature);
  assert.ok(o, `no ${kind} opportunity for ${feature}: ${report.opportunities.map((x) => `${x.kind} ${x.scope.feature}`).join(", ")}`);
  return o;
};

before(() => {
  run("demo", "--db", db);
  report = JSON.parse(run("savings", "--db", db, "--json")) as SavingsReport;
});

describe("tokenomics savings on the demo", () => {
  it("finds the over-powered classifier: ticket-triage on claude-sonnet-4-5, cheaper on claude-haiku-4-5", async () => {
    const o = find("model", "ticket-triage");
    assert.equal(o.evidence.to_model, "claude-haiku-4-5");
    const t = await tokensOf("ticket-triage");
    // sonnet $3 in / $15 out per 1M, haiku $1 / $5: the saving is input × $2/M + output × $10/M (nothing cached)
    assert.equal(t.cached_input + t.cache_write + t.cache_write_1h, 0);
    const expected = new Big(t.input).times(2).plus(new Big(t.output).times(10)).div(1_000_000);
    assert.equal(o.saving_usd, expected.toFixed());
  });

  it("finds the nightly job that could run in batch: nightly-digest on gpt-4.1-mini at half price", async () => {
    const o = find("batch", "nightly-digest");
    const t = await tokensOf("nightly-digest");
    // gpt-4.1-mini $0.40 in / $1.60 out per 1M; its batch price is half: saving = (input × 0.4 + output × 1.6) / 1M / 2
    const expected = new Big(t.input).times("0.4").plus(new Big(t.output).times("1.6")).div(1_000_000).div(2);
    assert.equal(o.saving_usd, expected.toFixed());
    assert.match(o.assumptions[0]!, /between 0[12]:00 and 0[45]:00 UTC/);
  });

  it("ranks by saving per month and totals the rows to the last digit", () => {
    const perMonth = report.opportunities.map((o) => new Big(o.saving_usd_per_month));
    for (let i = 1; i < perMonth.length; i++) assert.ok(perMonth[i - 1]!.gte(perMonth[i]!));
    const sum = perMonth.reduce((a, b) => a.plus(b), new Big(0));
    assert.equal(report.total_saving_usd_per_month, sum.toFixed());
    assert.equal(report.opportunities[0]!.scope.feature, "ticket-triage");
  });
});

describe("GET /api/savings", () => {
  it("answers what the CLI prints, the CLI asks a running server the same, and bad parameters get a 400", async () => {
    const token = "savings-admin";
    const server = await serveProcess(db, { ...process.env, TOKENOMICS_ADMIN_TOKEN: token, TOKENOMICS_SERVER: "", TOKENOMICS_DB: "" }, ["--host", "127.0.0.1"]);
    try {
      const get = (path: string) => fetch(server.url + path, { headers: { authorization: `Bearer ${token}` } });
      const res = await get("/api/savings");
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), report);
      // the CLI through the server (the ledger file is the server's now)
      const r = spawnSync(process.execPath, [bin, "savings", "--server", server.url, "--json"], {
        encoding: "utf8",
        env: { ...process.env, TOKENOMICS_ADMIN_TOKEN: token },
      });
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout), report);
      const bad = await get("/api/savings?min_usd=lots");
      assert.equal(bad.status, 400);
      assert.match(((await bad.json()) as { error: { message: string } }).error.message, /^min_usd: /);
      const dim = await get("/api/savings?by=colour");
      assert.equal(dim.status, 400);
    } finally {
      server.child.kill("SIGTERM");
      await new Promise((r) => server.child.once("exit", r));
    }
  });
});
