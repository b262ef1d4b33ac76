/**
 * `tokenomics savings` end to end: the real bin on a DuckDB ledger the test fills with calls
 * whose savings were computed by hand from the published prices.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { DuckDbStore } from "../src/ledger/duckdb/store.js";
import { builtinCatalog } from "../src/pricing/builtin/index.js";
import { priceRecord } from "../src/pricing/price-record.js";
import type { SavingsReport } from "../src/optimize/savings.js";
import type { UsageEvent } from "../src/usage/event.js";
import { usage } from "../src/usage/usage.js";

const bin = fileURLToPath(new URL("../../bin/tokenomics.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "tokenomics-savings-cli-"));
const db = join(dir, "ledger.duckdb");

function run(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", cwd: dir });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const catalog = builtinCatalog();
let n = 0;
function call(feature: string, model: string, provider: string, ts: string, input: number, output: number, status: "ok" | "error" = "ok"): UsageEvent {
  return priceRecord(catalog, {
    id: `e${n++}`,
    ts,
    provider,
    model,
    usage: usage({ input, output, requests: 1 }),
    attribution: { team: "t", feature },
    interaction: {},
    request: { status },
    source: { kind: "test", convention: "disjoint", raw_usage: null },
  });
}

before(async () => {
  const events: UsageEvent[] = [];
  const hour = (i: number) => String(i % 24).padStart(2, "0");
  // classify: 100 short answers on claude-sonnet-4-5 across the day, and 10 failed attempts
  for (let i = 0; i < 100; i++)
    events.push(call("classify", "claude-sonnet-4-5", "anthropic", `2025-11-${String(1 + (i % 28)).padStart(2, "0")}T${hour(i)}:10:00Z`, 1000, 10));
  for (let i = 0; i < 10; i++) events.push(call("classify", "claude-sonnet-4-5", "anthropic", `2025-11-05T${hour(i * 2)}:20:00Z`, 1000, 10, "error"));
  // nightly: 120 calls on gpt-4o-mini, all between 02:00 and 03:00 UTC
  for (let i = 0; i < 120; i++)
    events.push(
      call("nightly", "gpt-4o-mini", "openai", `2025-11-${String(1 + (i % 4)).padStart(2, "0")}T02:${String(i % 60).padStart(2, "0")}:00Z`, 10_000, 500),
    );
  // essay: a long output tail on gpt-4o-mini — 80 answers of 100 tokens, 15 of 300, 5 of 2,000
  for (let i = 0; i < 100; i++) {
    const output = i < 80 ? 100 : i < 95 ? 300 : 2000;
    events.push(call("essay", "gpt-4o-mini", "openai", `2025-11-${String(1 + (i % 28)).padStart(2, "0")}T${hour(i)}:30:00Z`, 1000, output));
  }
  // a model nobody can price: counted, never re-priced
  events.push(call("labs", "acme-internal-7b", "acme", "2025-11-09T12:00:00Z", 5000, 100));
  const store = await DuckDbStore.open(db);
  await store.append(events);
  await store.close();
});

describe("tokenomics savings", () => {
  it("ranks the planted opportunities with the savings computed by hand", () => {
    const r = run("savings", "--db", db, "--period", "2025-11", "--json");
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as SavingsReport;
    const kinds = report.opportunities.map((o) => `${o.kind} ${o.scope.feature}`);
    assert.deepEqual(kinds, ["model classify", "batch nightly", "retries classify", "output-tail essay"]);
    const [model, batch, retries, tail] = report.opportunities;
    // claude-sonnet-4-5 $3 / $15 per 1M: 1,000 × 3/M + 10 × 15/M = 0.00315 a call; claude-haiku-4-5 $1 / $5: 0.00105.
    // 110 calls × (0.00315 − 0.00105) = 0.231; per month 0.231 × 30.4375 / 30 days = 0.23436875 → 0.234369
    assert.equal(model!.actual_usd, "0.3465");
    assert.equal(model!.saving_usd, "0.231");
    assert.equal(model!.saving_usd_per_month, "0.234369");
    assert.equal(
      model!.whatif,
      "tokenomics whatif --where feature=classify --where resolved_model=claude-sonnet-4-5 --period 2025-11 --model claude-haiku-4-5",
    );
    // gpt-4o-mini $0.15 / $0.60: 10,000 × 0.15/M + 500 × 0.6/M = 0.0018 a call, 120 calls = 0.216; batch half: saving 0.108
    // per month 0.108 × 30.4375 / 30 = 0.109575
    assert.equal(batch!.saving_usd, "0.108");
    assert.equal(batch!.saving_usd_per_month, "0.109575");
    assert.equal(batch!.whatif, "tokenomics whatif --where feature=nightly --period 2025-11 --batch");
    // the 10 failed attempts: 10 × 0.00315 = 0.0315; per month 0.0315 × 30.4375 / 30 = 0.03195937… → 0.031959
    assert.equal(retries!.saving_usd, "0.0315");
    assert.equal(retries!.saving_usd_per_month, "0.031959");
    // essay: p50 100, p95 300, p99 2,000; capped at 300 the 5 long answers lose 1,700 tokens each: 8,500 × $0.60/M = 0.0051
    // per month 0.0051 × 30.4375 / 30 = 0.00517437… → 0.005174
    assert.equal(tail!.saving_usd, "0.0051");
    assert.equal(tail!.saving_usd_per_month, "0.005174");
    assert.deepEqual([tail!.evidence.output_p50, tail!.evidence.output_p95, tail!.evidence.output_p99], [100, 300, 2000]);
    assert.equal(tail!.whatif, "tokenomics whatif --where feature=essay --where resolved_model=gpt-4o-mini --period 2025-11 --cap-output 300");
    assert.equal(report.total_saving_usd_per_month, "0.381077"); // 0.234369 + 0.109575 + 0.031959 + 0.005174
    assert.equal(report.days, 30);
    assert.equal(report.events, 331);
    assert.equal(report.unpriced_events, 1);
    for (const o of report.opportunities) assert.ok(o.assumptions.length > 0);
  });

  it("filters by --min-usd and --where, and prints a table and CSV", () => {
    const big = JSON.parse(run("savings", "--db", db, "--period", "2025-11", "--min-usd", "0.1", "--json").stdout) as SavingsReport;
    assert.deepEqual(
      big.opportunities.map((o) => o.kind),
      ["model", "batch"],
    );
    const nightly = JSON.parse(run("savings", "--db", db, "--period", "2025-11", "--where", "feature=nightly", "--json").stdout) as SavingsReport;
    assert.deepEqual(
      nightly.opportunities.map((o) => o.whatif),
      ["tokenomics whatif --where feature=nightly --period 2025-11 --batch"],
    );
    const table = run("savings", "--db", db, "--period", "2025-11");
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /model\s+feature=classify resolved_model=claude-sonnet-4-5\s+110\s+\$0\.3465\s+\$0\.231\s+\$0\.234369/);
    assert.match(table.stdout, /\$0\.381077 per month in all/);
    const csv = run("savings", "--db", db, "--period", "2025-11", "--csv");
    assert.equal(csv.stdout.split("\n")[0], "kind,scope,events,actual_usd,saving_usd,saving_usd_per_month,assumptions,whatif");
  });

  it("refuses bad flags with exit code 2 and a message naming the flag", () => {
    const money = run("savings", "--db", db, "--min-usd", "lots");
    assert.equal(money.code, 2);
    assert.match(money.stderr, /--min-usd: expected an amount in USD/);
    const by = run("savings", "--db", db, "--by", "colour");
    assert.equal(by.code, 2);
    assert.match(by.stderr, /--by: unknown dimension "colour"/);
    const period = run("savings", "--db", db, "--period", "2025-13");
    assert.equal(period.code, 2);
    assert.doesNotMatch(period.stderr, /\n\s+at /);
  });
});
