import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const bin = fileURLToPath(new URL("../../bin/tokenomics.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "tokenomics-plan-"));

function run(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: "utf8" });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, data: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(data));
  return path;
}

const portfolio = {
  start: "2027-01",
  use_cases: [
    // 1000×0.15/M + 500×0.075/M + 200×0.60/M = 0.0003075 per request; × 10,000 × 1.2 = 3.69
    {
      name: "support-bot",
      model: "gpt-4o-mini",
      input_tokens: 1000,
      cached_input_tokens: 500,
      output_tokens: 200,
      requests_per_month: 10000,
      overhead: 1.2,
      growth: { kind: "compound", monthly: 0.1 },
    },
    { name: "mystery", model: "gpt-9", input_tokens: 10, requests_per_month: 1 },
  ],
  scenarios: { peak: { requests_multiplier: 1.4 } },
};

describe("tokenomics plan run", () => {
  it("prints the issue's JSON shape", () => {
    const r = run("plan", "run", file("p.json", portfolio), "--months", "2", "--json");
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { months: unknown[]; use_cases: Record<string, unknown>[] };
    assert.deepEqual(out.months, [
      { month: "2027-01", expected_usd: "3.69", p10_usd: "3.69", p50_usd: "3.69", p90_usd: "3.69" },
      { month: "2027-02", expected_usd: "4.059", p10_usd: "4.059", p50_usd: "4.059", p90_usd: "4.059" },
    ]);
    const [support, mystery] = out.use_cases;
    assert.equal(support!.model, "gpt-4o-mini");
    assert.equal(support!.resolved_model, "gpt-4o-mini");
    assert.equal(support!.cost_per_request_usd, "0.0003075");
    assert.deepEqual(
      (support!.months as { expected_usd: string }[]).map((m) => m.expected_usd),
      ["3.69", "4.059"],
    );
    assert.equal(mystery!.priced, false);
    assert.equal(mystery!.cost_per_request_usd, null);
    assert.match(String(mystery!.reason), /gpt-9/);
  });

  it("applies a scenario and prints a table by default", () => {
    const r = run("plan", "run", file("p.json", portfolio), "--months", "1", "--scenario", "peak");
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /2027-01\s+\$5\.17/); // 3.69 × 1.4 = 5.166
    assert.match(r.stdout, /mystery: gpt-9 → unpriced/);
  });

  it("exits 2 naming the known scenarios, or the file, use case and field", () => {
    const unknown = run("plan", "run", file("p.json", portfolio), "--scenario", "nope");
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown scenario "nope" \(known: peak\)/);
    const badPath = file("bad.json", { start: "2027-01", use_cases: [{ name: "bot", model: "gpt-4o-mini", requests_per_month: "lots" }] });
    const bad = run("plan", "run", badPath);
    assert.equal(bad.code, 2);
    assert.ok(bad.stderr.includes(`${badPath}: use case 1 (bot), field requests_per_month`), bad.stderr);
  });

  it("prices a routing mix and shows its split, in the table and the JSON", () => {
    // gpt-4o-2024-08-06: 1000 × 2.5/M + 200 × 10/M = 0.0045; gpt-4o-mini answering 100 tokens:
    // 1000 × 0.15/M + 100 × 0.6/M = 0.00021; 0.7 × 0.0045 + 0.3 × 0.00021 = 0.003213 × 10,000 = 32.13
    const mix = file("mix.json", {
      start: "2027-01",
      use_cases: [
        {
          name: "support-bot",
          model: "gpt-4o-2024-08-06",
          routing: [{ model: "gpt-4o-mini", share: 0.3, output_tokens: 100 }],
          input_tokens: 1000,
          output_tokens: 200,
          requests_per_month: 10000,
        },
      ],
    });
    const table = run("plan", "run", mix, "--months", "1");
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /support-bot: gpt-4o-2024-08-06 \(30% gpt-4o-mini, 70% gpt-4o-2024-08-06\) → gpt-4o-2024-08-06, \$0\.003213 per request/);
    const json = JSON.parse(run("plan", "run", mix, "--months", "1", "--json").stdout) as {
      months: { expected_usd: string }[];
      use_cases: { months: { routes?: { model: string; share: string }[] }[] }[];
    };
    assert.equal(json.months[0]!.expected_usd, "32.13");
    assert.deepEqual(json.use_cases[0]!.months[0]!.routes, [
      { model: "gpt-4o-mini", share: "0.3" },
      { model: "gpt-4o-2024-08-06", share: "0.7" },
    ]);
  });

  it("reads YAML", () => {
    const path = join(dir, "p.yaml");
    writeFileSync(
      path,
      "start: 2027-01\nuse_cases:\n  - name: support-bot\n    model: gpt-4o-mini\n    input_tokens: 1000\n    cached_input_tokens: 500\n    output_tokens: 200\n    requests_per_month: 10000\n    overhead: 1.2\n",
    );
    const r = run("plan", "run", path, "--months", "1", "--csv");
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "month,expected,P10,P50,P90\n2027-01,3.69,3.69,3.69,3.69\n");
  });

  it("is reproducible with a seed", () => {
    const spread = { start: "2027-01", use_cases: [{ ...portfolio.use_cases[0], spread: { requests: 0.2 } }] };
    const a = run("plan", "run", file("s.json", spread), "--months", "2", "--seed", "9", "--runs", "500", "--csv");
    const b = run("plan", "run", file("s.json", spread), "--months", "2", "--seed", "9", "--runs", "500", "--csv");
    assert.equal(a.code, 0, a.stderr);
    assert.equal(a.stdout, b.stdout);
    assert.match(a.stdout, /^month,expected,P10,P50,P90\n2027-01,3\.69,/);
  });
});
