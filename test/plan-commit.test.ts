import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const bin = fileURLToPath(new URL("../../bin/tokenomics.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "tokenomics-plan-commit-"));

function run(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: "utf8" });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

// gpt-4o-mini, 1,000 + 500 cached + 200 output per request, 12,000 requests (α 1.2): $3.69 a month,
// 1,700 weighted tokens a request (weight 1) → 20,400,000 tokens; p = 3.69 / 20,400,000
const path = join(dir, "p.json");
writeFileSync(
  path,
  JSON.stringify({
    start: "2027-01",
    use_cases: [
      { name: "support-bot", model: "gpt-4o-mini", input_tokens: 1000, cached_input_tokens: 500, output_tokens: 200, requests_per_month: 10000, overhead: 1.2 },
      { name: "spiky", model: "gpt-4o-mini", input_tokens: 100, requests_per_month: 1000, spread: { requests: 0.5 } },
    ],
  }),
);
// a unit: 100 TPM → 4,320,000 tokens a month at $0.50 → r = 0.5 / 4,320,000
const unit = ["--unit-price", "0.5", "--per", "month", "--unit-tpm", "100"];

describe("tokenomics plan commit", () => {
  it("prints the JSON shape with decimals as strings", () => {
    const r = run("plan", "commit", path, "--months", "1", "--use-case", "support-bot", ...unit, "--json");
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as Record<string, unknown> & { recommended: Record<string, unknown>; curve: Record<string, unknown>[] };
    assert.deepEqual(out.use_cases, ["support-bot"]);
    assert.equal(out.unit_capacity_tokens_per_month, "4320000");
    assert.equal(out.unit_cost_per_month_usd, "0.5");
    assert.deepEqual(out.expected_tokens_per_month, ["20400000"]);
    // u* = r / p = (0.5 / 4,320,000) / (3.69 / 20,400,000) = 0.6399…
    assert.match(String(out.break_even_utilisation), /^0\.6398/);
    // demand is 4.72 units, all above 4 units' capacity: P(D > 4K) = 1 > r/p, P(D > 5K) = 0 → 5 units
    assert.equal(out.fractile_units, 5);
    assert.deepEqual(
      {
        ...out.recommended,
        effective_usd_per_used_token: typeof out.recommended.effective_usd_per_used_token,
        rule_of_thumb_usd_per_used_token: typeof out.recommended.rule_of_thumb_usd_per_used_token,
      },
      {
        units: 5,
        capacity_tokens_per_month: "21600000",
        commitment_usd: "2.5",
        expected_spill_usd: "0",
        expected_total_usd: "2.5",
        // 20.4M / 21.6M
        expected_utilisation: 0.944444,
        p_exceed: 0,
        effective_usd_per_used_token: "string",
        rule_of_thumb_usd_per_used_token: "string",
      },
    );
    assert.equal(out.payg_only_usd, "3.69");
    assert.equal(out.savings_usd, "1.19");
    assert.deepEqual(
      out.curve.map((c) => c.units),
      [0, 1, 2, 3, 4, 5],
    );
    // 4 units: $2 + (20,400,000 − 17,280,000) × 3.69 / 20,400,000 = 2 + 0.564353 = 2.564353
    assert.equal(out.curve[4]!.expected_total_usd, "2.564353");
    assert.equal(out.curve[4]!.expected_spill_usd, "0.564353");
  });

  it("prints the recommendation, r / u against r·(2 − u), and the curve as a table or CSV", () => {
    const table = run("plan", "commit", path, "--months", "3", ...unit, "--runs", "300");
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^recommended: \d+ units/);
    assert.match(table.stdout, /break-even utilisation u\* = r \/ p = /);
    assert.match(table.stdout, /price per used token r \/ u = \$[\d.e-]+ \(rule of thumb r·\(2 − u\) = /);
    assert.match(table.stdout, /units\s+commitment\s+E\[spill-over\]\s+E\[total\]/);
    const csv = run(
      "plan",
      "commit",
      path,
      "--months",
      "1",
      "--use-case",
      "support-bot",
      "--unit-price",
      "0.0006944444",
      "--per",
      "hour",
      "--unit-tpm",
      "100",
      "--min-units",
      "2",
      "--step",
      "3",
      "--csv",
    );
    assert.equal(csv.code, 0, csv.stderr);
    const lines = csv.stdout.trim().split("\n");
    assert.equal(lines[0], "units,commitment,E[spill-over],E[total],E[utilisation],P(demand > capacity)");
    assert.deepEqual(
      lines.slice(1).map((l) => l.split(",")[0]),
      ["0", "2", "5"],
    );
  });

  it("sizes a prepaid token pack: 4,320,000 tokens a month is the same unit as 100 TPM", () => {
    const pack = run(
      "plan",
      "commit",
      path,
      "--months",
      "1",
      "--use-case",
      "support-bot",
      "--unit-price",
      "0.5",
      "--per",
      "month",
      "--unit-tokens",
      "4320000",
      "--json",
    );
    const tpm = run("plan", "commit", path, "--months", "1", "--use-case", "support-bot", ...unit, "--json");
    assert.equal(pack.code, 0, pack.stderr);
    assert.equal(pack.stdout, tpm.stdout);
  });

  it("is reproducible with a seed", () => {
    const a = run("plan", "commit", path, ...unit, "--seed", "4", "--runs", "200", "--json");
    const b = run("plan", "commit", path, ...unit, "--seed", "4", "--runs", "200", "--json");
    assert.equal(a.code, 0, a.stderr);
    assert.equal(a.stdout, b.stdout);
  });

  it("exits 2 on bad flags", () => {
    const cases: [string[], RegExp][] = [
      [["--per", "month", "--unit-tpm", "100"], /--unit-price: required/],
      [["--unit-price", "1", "--unit-tpm", "100"], /--per: required/],
      [["--unit-price", "1", "--per", "month"], /--unit-tpm: required \(weighted tokens per minute per unit\), or --unit-tokens for a token pack/],
      [[...unit, "--unit-tokens", "1000"], /--unit-tokens: give --unit-tpm \(throughput\) or --unit-tokens \(a token pack\), not both/],
      [["--unit-price", "1", "--per", "month", "--unit-tokens", "0"], /--unit-tokens: expected more than 0, got "0"/],
      [["--unit-price", "1", "--per", "week", "--unit-tpm", "100"], /--per: expected month or hour, got "week"/],
      [["--unit-price", "lots", "--per", "month", "--unit-tpm", "100"], /--unit-price: expected a non-negative decimal number, got "lots"/],
      [["--unit-price", "0", "--per", "month", "--unit-tpm", "100"], /--unit-price: expected more than 0/],
      [[...unit, "--step", "0"], /--step: expected at least 1/],
      [[...unit, "--output-weight", "-1"], /--output-weight: expected a non-negative decimal number/],
      [[...unit, "--use-case", "nope"], /--use-case: unknown use case "nope" \(known: support-bot, spiky\)/],
      [[...unit, "--scenario", "nope"], /--scenario: unknown scenario "nope"/],
    ];
    for (const [args, message] of cases) {
      const r = run("plan", "commit", path, ...args);
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, message);
    }
  });
});
