import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import Big from "big.js";
import { ingest } from "../src/ingest/pipeline.js";
import type { ImportItem } from "../src/ingest/importer.js";
import { DuckDbStore } from "../src/ledger/duckdb/store.js";
import { margins, parseRevenueCsv, type MarginsReport as MarginsJson } from "../src/planning/index.js";
import { builtinCatalog } from "../src/pricing/builtin/index.js";
import type { UsageRecord } from "../src/usage/event.js";
import { usage } from "../src/usage/usage.js";

const bin = fileURLToPath(new URL("../../bin/tokenomics.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "tokenomics-plan-margins-"));

function run(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: "utf8" });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function csv(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

let n = 0;
function call(day: string, customer: string, model: string, input: number, output: number): UsageRecord {
  n++;
  return {
    id: `m:${n}`,
    ts: `${day}T10:00:${String(n % 60).padStart(2, "0")}.000Z`,
    provider: "openai",
    model,
    usage: usage({ requests: 1, input, output }),
    attribution: { customer },
    interaction: {},
    request: { status: "ok" },
    source: { kind: "test", convention: "disjoint", raw_usage: {} },
  };
}

describe("plan margins on a small ledger", () => {
  it("joins revenue with the ledger's cost per customer per month", async () => {
    const store = await DuckDbStore.open(":memory:");
    try {
      // gpt-4o-mini: 10,000 × 0.15/M + 10,000 × 0.60/M = 0.0075 a call
      const records = [
        call("2026-10-05", "acme", "gpt-4o-mini", 10_000, 10_000),
        call("2026-10-06", "beta", "gpt-4o-mini", 10_000, 10_000),
        call("2026-10-07", "beta", "gpt-4o-mini", 10_000, 10_000),
        call("2026-10-08", "beta", "gpt-9-unknown", 10, 10),
      ];
      await ingest(
        records.map((record): ImportItem => ({ record })),
        store,
        builtinCatalog(),
      );
      const result = await store.aggregate({ by: ["customer"], every: "month", from: "2026-10-01", to: "2026-11-01" });
      const costs = result.rows.map((r) => ({
        month: r.period!.slice(0, 7),
        customer: r.dimensions.customer ?? null,
        cost_usd: r.total_usd,
        unpriced_events: r.unpriced_events,
      }));
      const revenue = parseRevenueCsv("month,customer,revenue_usd\n2026-10,acme,10.00\n2026-10,beta,0.01\n", "r.csv");
      const m = margins(revenue, costs);
      const acme = m.rows.find((r) => r.key === "acme")!;
      assert.equal(acme.cost.toFixed(), "0.0075");
      assert.equal(acme.margin.toFixed(), "9.9925");
      assert.equal(acme.marginPct?.toFixed(), "99.925");
      // beta: 0.01 − 0.015 = −0.005, −50 %; its unknown-model call is unpriced, not zero
      const beta = m.rows.find((r) => r.key === "beta")!;
      assert.equal(beta.margin.toFixed(), "-0.005");
      assert.equal(beta.marginPct?.toFixed(), "-50");
      assert.deepEqual(beta.flags, ["unprofitable", "unpriced events"]);
      assert.deepEqual(m.unprofitable, ["beta"]);
      assert.equal(m.unpriced_events, 1);
      assert.equal(m.totals.cost.toFixed(), "0.0225");
    } finally {
      await store.close();
    }
  });
});

describe("tokenomics plan margins", () => {
  const db = join(dir, "demo.duckdb");
  let customers: string[] = [];
  let month = "";

  it("prints the JSON shape on the demo ledger, totals equal to the sum of rows", () => {
    const demo = run("demo", "--days", "10", "--db", db, "--json");
    assert.equal(demo.code, 0, demo.stderr);
    const report = run("report", "--by", "customer", "--every", "month", "--db", db, "--json");
    assert.equal(report.code, 0, report.stderr);
    const rows = (JSON.parse(report.stdout) as { rows: { period: string; customer: string | null }[] }).rows;
    month = rows[rows.length - 1]!.period.slice(0, 7);
    customers = [...new Set(rows.filter((r) => r.period.startsWith(month) && r.customer !== null).map((r) => r.customer!))].sort();
    assert.ok(customers.length >= 2, `demo customers: ${customers.join(", ")}`);
    const [first, second] = customers as [string, string];
    const file = csv("rev.csv", `month,customer,revenue_usd,plan\n${month},${first},1000.00,pro\n${month},${second},0.00,free\n${month},no-usage-co,50,pro\n`);

    const r = run("plan", "margins", "--revenue", file, "--db", db, "--period", month, "--json");
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as MarginsJson;
    assert.deepEqual(Object.keys(out.rows[0]!), ["customer", "revenue_usd", "cost_usd", "margin_usd", "margin_pct", "flags"]);
    const sum = (k: "revenue_usd" | "cost_usd" | "margin_usd") => out.rows.reduce((s, x) => s.plus(x[k]), new Big(0)).toFixed();
    assert.equal(out.totals.revenue_usd, "1050");
    assert.equal(sum("revenue_usd"), out.totals.revenue_usd);
    assert.equal(sum("cost_usd"), out.totals.cost_usd);
    assert.equal(sum("margin_usd"), out.totals.margin_usd);
    for (const x of out.rows) assert.equal(new Big(x.revenue_usd).minus(x.cost_usd).toFixed(), x.margin_usd);
    const noUsage = out.rows.find((x) => x.customer === "no-usage-co")!;
    assert.deepEqual([noUsage.cost_usd, noUsage.margin_pct], ["0", "100"]);
    const free = out.rows.find((x) => x.customer === second)!;
    assert.equal(free.margin_pct, null);
    assert.ok(free.flags.includes("zero revenue"));
    assert.ok(out.unprofitable.includes(second));
    // the other demo customers cost money and have no revenue row
    for (const c of customers.slice(2)) {
      assert.ok(out.rows.find((x) => x.customer === c)!.flags.includes("no revenue recorded"), c);
      assert.ok(!out.unprofitable.includes(c), c);
    }
    assert.equal(typeof out.unpriced_events, "number");

    const plan = run("plan", "margins", "--revenue", file, "--db", db, "--period", month, "--by", "plan", "--json");
    assert.equal(plan.code, 0, plan.stderr);
    const byPlan = JSON.parse(plan.stdout) as MarginsJson;
    const pro = byPlan.rows.find((x) => x.plan === "pro")!;
    const firstRow = out.rows.find((x) => x.customer === first)!;
    assert.equal(pro.revenue_usd, "1050");
    assert.equal(pro.cost_usd, firstRow.cost_usd);
    assert.equal(byPlan.totals.cost_usd, out.totals.cost_usd);

    const table = run("plan", "margins", "--revenue", file, "--db", db, "--period", month);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /margin %/);
    assert.match(table.stdout, /tokens cost more than they pay: /);
    const c = run("plan", "margins", "--revenue", file, "--db", db, "--period", month, "--csv");
    assert.equal(c.code, 0, c.stderr);
    assert.match(c.stdout.split("\n")[0]!, /^customer,revenue,token cost,margin,margin %,flags$/);
  });

  it("rejects a bad revenue file naming file, line and field, exit 2", () => {
    const file = csv("bad.csv", "month,customer,revenue_usd\n2026-10,acme,10\n2026-10,beta,12,50\n");
    const r = run("plan", "margins", "--revenue", file, "--db", db, "--json");
    assert.equal(r.code, 2);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /bad\.csv/);
    const bad = csv("bad2.csv", "month,customer,revenue_usd\n2026-10,acme,10\n2026-10,beta,$12\n");
    const r2 = run("plan", "margins", "--revenue", bad, "--db", db, "--json");
    assert.equal(r2.code, 2);
    assert.match(r2.stderr, /bad2\.csv:3: revenue_usd: .*"\$12"/);
    const by = run("plan", "margins", "--revenue", bad, "--db", db, "--by", "team");
    assert.equal(by.code, 2);
    assert.match(by.stderr, /--by: expected customer or plan/);
  });
});
