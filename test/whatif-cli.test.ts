/**
 * `tokenomics whatif` end to end: the real bin on a DuckDB ledger of known calls (a price change,
 * an unknown model, a failed attempt and its retry, a model without batch), each number by hand
 * (see test/support/whatif-ledger.ts for the table).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { DuckDbStore } from "../src/ledger/duckdb/store.js";
import type { WhatIfResult } from "../src/optimize/index.js";
import { whatIfLedger } from "./support/whatif-ledger.js";

const bin = fileURLToPath(new URL("../../bin/tokenomics.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "tokenomics-whatif-cli-"));
const db = join(dir, "ledger.duckdb");

function run(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, "whatif", "--db", db, ...args], {
    encoding: "utf8",
    cwd: dir,
    env: { ...process.env, TOKENOMICS_DB: "", TOKENOMICS_SERVER: "" },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
function json(...args: string[]): WhatIfResult {
  const r = run(...args, "--json");
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as WhatIfResult;
}

before(async () => {
  const store = await DuckDbStore.open(db);
  await store.append(whatIfLedger());
  await store.close();
});

describe("tokenomics whatif", () => {
  it("--model re-prices every priced call on the other model at its own date", () => {
    const r = json("--model", "gpt-4o-mini");
    assert.equal(r.events, 6);
    assert.equal(r.unpriced_events, 1);
    assert.equal(r.actual_usd, "0.114"); // 0.065 + 0.035 + 0.0025 + 0.0035 + 0.008
    assert.equal(r.counterfactual_usd, "0.0047028"); // 0.0021 × 2 + 0.00015 + 0.00021 + 0.0001428
    assert.equal(r.saving_usd, "0.1092972");
    assert.equal(r.saving_pct, "95.87");
    assert.deepEqual(
      r.by_day.map((d) => [d.day, d.actual_usd, d.counterfactual_usd]),
      [
        ["2024-09-15", "0.065", "0.0021"],
        ["2024-10-15", "0.041", "0.00246"],
        ["2024-10-16", "0.008", "0.0001428"],
      ],
    );
    assert.equal(r.unpriced[0]!.model, "mystery-9000");
  });

  it("--no-retries removes the failed attempt", () => {
    const r = json("--no-retries");
    assert.equal(r.counterfactual_usd, "0.1115");
    assert.equal(r.saving_usd, "0.0025");
    assert.equal(r.removed_events, 1);
  });

  it("--batch halves what has a batch price and counts what has none", () => {
    const r = json("--batch", "--period", "2024-10");
    assert.equal(r.actual_usd, "0.049");
    assert.equal(r.counterfactual_usd, "0.0285"); // 0.0175 + 0.00125 + 0.00175 + 0.008
    assert.equal(r.not_eligible_events, 1);
  });

  it("a cascade inside a date range: --to takes the end date and the large model", () => {
    // only e1: 0.0021 + 0.5 × 0.065 = 0.0346
    const r = json("--from", "2024-09-01", "--to", "2024-10-01", "--model", "gpt-4o-mini", "--escalate", "0.5", "--to", "gpt-4o");
    assert.equal(r.events, 1);
    assert.equal(r.counterfactual_usd, "0.0346");
    assert.equal(r.change, "cascade: gpt-4o-mini, escalating 50% to gpt-4o");
  });

  it("--where narrows, and --cap-output / --trim-input apply", () => {
    assert.equal(json("--trim-input", "50", "--where", "feature=summarise").counterfactual_usd, "0.004"); // 500 × 8
    // cap 500: e1 and e2 lose 500 output tokens each: 500 × 15 and 500 × 10
    assert.equal(json("--cap-output", "500").saving_usd, "0.0125");
  });

  it("prints a table and CSV", () => {
    const t = run("--model", "gpt-4o-mini");
    assert.equal(t.code, 0, t.stderr);
    assert.match(t.stdout, /saving {10}\$0\.1092972 \(95\.87%\)/);
    assert.match(t.stdout, /assumptions:\n {2}- /);
    const c = run("--batch", "--csv");
    assert.equal(c.code, 0, c.stderr);
    const lines = c.stdout.trim().split("\n");
    assert.equal(lines[0], "day,events,actual_usd,counterfactual_usd,saving_usd");
    // halved: e1 0.0325, e2 0.0175, e4 0.00125, e5 0.00175; claude-2.1 stays 0.008
    assert.equal(lines.at(-1), "total,5,0.114,0.061,0.053");
  });

  it("wants exactly one change (exit 2, naming the flags)", () => {
    const none = run();
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no change given: give exactly one of --model, --batch, --flex, --cache, --cap-output, --trim-input, --no-retries/);
    const two = run("--batch", "--no-retries");
    assert.equal(two.code, 2);
    assert.match(two.stderr, /--batch and --no-retries given together/);
    assert.equal(run("--batch", "--to", "gpt-4o").code, 2);
  });
});
