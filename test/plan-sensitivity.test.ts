import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const bin = fileURLToPath(new URL("../../bin/tokenomics.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "tokenomics-sensitivity-"));

function run(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: "utf8" });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const path = join(dir, "p.json");
// gpt-4o-mini: bot 1000×0.15/M + 200×0.60/M = 0.00027 × 10,000 = 2.7; search 2000×0.15/M × 1,000 = 0.3
writeFileSync(
  path,
  JSON.stringify({
    start: "2027-01",
    use_cases: [
      { name: "bot", model: "gpt-4o-mini", input_tokens: 1000, output_tokens: 200, requests_per_month: 10000 },
      { name: "search", model: "gpt-4o-mini", input_tokens: 2000, requests_per_month: 1000 },
    ],
  }),
);

describe("tokenomics plan sensitivity", () => {
  it("prints the bars ranked, decimals as strings", () => {
    const r = run("plan", "sensitivity", path, "--months", "1", "--json");
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { bars: Record<string, string>[] } & Record<string, unknown>;
    assert.equal(out.scenario, null);
    assert.equal(out.months, 1);
    assert.equal(out.swing, 0.2);
    assert.equal(out.base_usd, "3");
    assert.deepEqual(out.bars[0], { use_case: "bot", parameter: "requests_per_month", low_usd: "2.46", high_usd: "3.54", spread_usd: "1.08" });
    assert.deepEqual(out.bars[2], { use_case: "bot", parameter: "input_tokens", low_usd: "2.7", high_usd: "3.3", spread_usd: "0.6" });
    assert.equal(out.bars.length, 14);
  });

  it("takes --swing and a preset scenario, and prints a table by default", () => {
    const r = run("plan", "sensitivity", path, "--months", "1", "--swing", "0.1", "--scenario", "conservative");
    assert.equal(r.code, 0, r.stderr);
    // conservative: 2.16 for bot; ±10 % requests → 1.944 + 0.24, 2.376 + 0.24
    assert.match(r.stdout, /bot\s+requests_per_month\s+\$2\.18\s+\$2\.62\s+\$0\.43/);
    assert.match(r.stdout, /−10 %/);
    assert.match(r.stdout, /base: \$2\.40 over 1 months \(scenario conservative\)/);
  });

  it("exits 2 on a bad swing or an unknown scenario", () => {
    assert.equal(run("plan", "sensitivity", path, "--swing", "1.5").code, 2);
    const unknown = run("plan", "sensitivity", path, "--scenario", "nope");
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /--scenario: unknown scenario "nope"/);
  });
});
