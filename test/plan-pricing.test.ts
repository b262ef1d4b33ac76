import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import Big from "big.js";
import type { PricingReport as PricingJson } from "../src/planning/index.js";

const bin = fileURLToPath(new URL("../../bin/tokenomics.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "tokenomics-plan-pricing-"));

function run(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: "utf8" });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe("tokenomics plan pricing", () => {
  const db = join(dir, "demo.duckdb");

  it("prints the JSON shape on the demo ledger, totals equal to the sums of rows", () => {
    const demo = run("demo", "--days", "10", "--db", db, "--json");
    assert.equal(demo.code, 0, demo.stderr);
    const r = run("plan", "pricing", "--db", db, "--fee", "0.1", "--allowance", "100000", "--overage", "3", "--cap", "50", "--json");
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as PricingJson;
    assert.deepEqual(Object.keys(out), [
      "plan",
      "customer_months",
      "revenue_usd",
      "cost_usd",
      "margin_usd",
      "margin_pct",
      "margin_p10_usd",
      "margin_p50_usd",
      "margin_p90_usd",
      "cap_share",
      "negative_margin_share",
      "break_even",
      "break_even_allowance",
      "rows",
      "excluded_customer_months",
      "unpriced_events",
      "unattributed_cost_usd",
    ]);
    assert.deepEqual(out.plan, { fee_usd: "0.1", allowance: "100000", unit: "tokens", overage_usd: "3", cap_usd: "50" });
    assert.ok(out.customer_months >= 2);
    assert.equal(out.rows.length, out.customer_months);
    const sum = (k: "bill_usd" | "cost_usd") => out.rows.reduce((s, x) => s.plus(x[k]), new Big(0)).toFixed();
    assert.equal(sum("bill_usd"), out.revenue_usd);
    assert.equal(sum("cost_usd"), out.cost_usd);
    assert.equal(new Big(out.revenue_usd).minus(out.cost_usd).toFixed(), out.margin_usd);
    for (const x of out.rows) {
      // bill = min(0.1 + 3 × (tokens − 100,000)⁺ / 1M, 50)
      const raw = new Big("0.1").plus(new Big(3).times(new Big(x.usage).gt(100_000) ? new Big(x.usage).minus(100_000) : new Big(0)).div(1_000_000));
      assert.equal(x.bill_usd, (raw.gte(50) ? new Big(50) : raw).toFixed(), x.customer);
      assert.equal(x.capped, raw.gte(50));
    }
    assert.equal(out.cap_share, out.rows.filter((x) => x.capped).length / out.rows.length);
    assert.equal(out.negative_margin_share, out.rows.filter((x) => new Big(x.margin_usd).lt(0)).length / out.rows.length);
    assert.ok(new Big(out.margin_p10_usd!).lte(out.margin_p50_usd!) && new Big(out.margin_p50_usd!).lte(out.margin_p90_usd!));
    assert.equal(typeof out.unpriced_events, "number");
    // ten cents a month cannot pay for the demo's customers: the allowance must be small
    assert.equal(out.break_even, "at");
    {
      // the margin at the break-even allowance is ≥ 0, one token more is < 0
      const at = run("plan", "pricing", "--db", db, "--fee", "0.1", "--allowance", out.break_even_allowance!, "--overage", "3", "--cap", "50", "--json");
      assert.ok(new Big((JSON.parse(at.stdout) as PricingJson).margin_usd).gte(0));
      const next = run(
        "plan",
        "pricing",
        "--db",
        db,
        "--fee",
        "0.1",
        "--allowance",
        new Big(out.break_even_allowance!).plus(1).toFixed(),
        "--overage",
        "3",
        "--cap",
        "50",
        "--json",
      );
      assert.ok(new Big((JSON.parse(next.stdout) as PricingJson).margin_usd).lt(0));
    }

    const usd = run("plan", "pricing", "--db", db, "--fee", "0", "--allowance", "0", "--overage", "1.5", "--unit", "usd", "--json");
    assert.equal(usd.code, 0, usd.stderr);
    const u = JSON.parse(usd.stdout) as PricingJson;
    // no fee, no allowance, 1.5 × cost: revenue is 1.5 × cost and no month loses money
    assert.equal(u.revenue_usd, new Big(u.cost_usd).times("1.5").toFixed());
    assert.equal(u.negative_margin_share, 0);
    assert.equal(u.plan.cap_usd, null);

    const table = run("plan", "pricing", "--db", db, "--fee", "1", "--allowance", "100000", "--overage", "3");
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /break-even allowance: /);
    assert.match(table.stdout, /P10 .*P50 .*P90/);
    const csv = run("plan", "pricing", "--db", db, "--fee", "1", "--allowance", "100000", "--overage", "3", "--csv");
    assert.equal(csv.code, 0, csv.stderr);
    assert.match(csv.stdout.split("\n")[0]!, /^month,customer,tokens,bill,token cost,margin,capped$/);
  });

  it("exits 2 on bad flags", () => {
    for (const args of [
      ["--fee", "x", "--allowance", "1", "--overage", "1"],
      ["--fee", "1", "--allowance", "-5", "--overage", "1"],
      ["--fee", "1", "--allowance", "1", "--overage", "1", "--unit", "requests"],
      ["--fee", "1", "--allowance", "1"],
    ]) {
      const r = run("plan", "pricing", "--db", db, ...args);
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
      assert.equal(r.stdout, "");
    }
  });
});
