/**
 * `tokenomics budget` end to end: the real bin on a real ledger file, with events imported from
 * gateway-style logs priced by the built-in catalog, and the mistakes that must exit 2.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import type { BudgetStatusReport } from "../src/ledger/reports/budget-status.js";

const bin = fileURLToPath(new URL("../../bin/tokenomics.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "tokenomics-budget-cli-"));
const db = join(dir, "ledger.duckdb");

function run(...args: string[]): { code: number; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, TOKENOMICS_DB: join(dir, "default.duckdb") };
  delete env.TOKENOMICS_SERVER;
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", cwd: dir, env });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
const ok = (...args: string[]): string => {
  const r = run(...args, "--db", db);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
};
const fails = (pattern: RegExp, ...args: string[]): void => {
  const r = run(...args, "--db", db);
  assert.equal(r.code, 2, `${args.join(" ")}: ${r.stdout}${r.stderr}`);
  assert.match(r.stderr, pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
};

const line = (id: string, ts: string, team: string, model: string, prompt: number, completion: number) =>
  JSON.stringify({ ts, team, response: { id, object: "chat.completion", created: 0, model, usage: { prompt_tokens: prompt, completion_tokens: completion } } });

describe("tokenomics budget", () => {
  const calls = join(dir, "calls.jsonl");
  writeFileSync(
    calls,
    `${[
      // gpt-4o-mini ($0.15 in, $0.60 out per 1M): 2,000 × 0.15 + 500 × 0.60 = 300 + 300 = 600 per 1M = $0.0006
      line("c1", "2025-10-01T09:00:00Z", "search", "gpt-4o-mini", 2000, 500),
      // gpt-4.1 ($2 in, $8 out per 1M): 10,000 × 2 + 1,000 × 8 = 28,000 per 1M = $0.028
      line("c2", "2025-10-02T23:30:00Z", "support", "gpt-4.1", 10000, 1000),
      // unknown model: unpriced, counted apart
      line("c3", "2025-10-03T12:00:00Z", "support", "acme-7b", 100, 10),
      // after the range
      line("c4", "2025-10-04T00:00:00Z", "support", "gpt-4.1", 10000, 1000),
    ].join("\n")}\n`,
  );

  it("sets, replaces, lists and deletes a budget", () => {
    assert.equal(JSON.parse(ok("import", "openai", calls, "--json")).inserted, 4);
    const set = ["budget", "set", "support-oct", "--scope", "team=support", "--period", "2025-10-01..2025-10-03", "--amount", "1", "--action", "alert"];
    assert.equal(ok(...set), "created budget support-oct\n");
    assert.equal(ok(...set), "unchanged budget support-oct\n");
    assert.equal(ok(...set, "--alerts", "25,50"), "updated budget support-oct\n");
    ok(
      "budget",
      "set",
      "search",
      "--scope",
      "team=search",
      "feature=answer",
      "--scope",
      "tag.plan=pro",
      "--period",
      "month",
      "--amount",
      "50",
      "--action",
      "block",
    );
    const list = JSON.parse(ok("budget", "list", "--json")) as { budgets: Record<string, unknown>[] };
    assert.deepEqual(list.budgets[0], {
      name: "search",
      scope: { team: "search", feature: "answer", "tag.plan": "pro" },
      period: "month",
      tz: "UTC",
      amount_usd: "50",
      alerts: [50, 80, 100],
      action: "block",
    });
    assert.match(ok("budget", "list"), /support-oct\s+team=support\s+2025-10-01\.\.2025-10-03\s+1\s+alert\s+25,50/);
    assert.equal(ok("budget", "delete", "search"), "deleted budget search\n");
    fails(/no budget named "search"/, "budget", "delete", "search");
  });

  it("reports the status with figures from the imported events", () => {
    const report = JSON.parse(ok("budget", "status", "--json")) as BudgetStatusReport;
    const s = report.budgets[0]!;
    // [2025-10-01, 2025-10-04): $0.028 (gpt-4.1) and one unpriced call; the range is over, 3 days:
    // burn 0.028 / 3 = 0.00933333333333… → 0.0093333333333 (13 places, half-up); projected = spent; remaining 1 − 0.028
    assert.deepEqual(
      [
        s.name,
        s.period_start,
        s.period_end,
        s.limit_usd,
        s.spent_usd,
        s.reserved_usd,
        s.remaining_usd,
        s.burn_usd_per_day,
        s.projected_usd,
        s.calls,
        s.unpriced_calls,
      ],
      ["support-oct", "2025-10-01T00:00:00.000Z", "2025-10-04T00:00:00.000Z", "1", "0.028", "0", "0.972", "0.0093333333333", "0.028", 2, 1],
    );
    assert.deepEqual(s.alerts_sent, []);
    const csv = ok("budget", "status", "support-oct", "--csv").split("\n");
    assert.equal(csv[0], "budget,action,period,limit_usd,spent_usd,reserved_usd,remaining_usd,projected_usd,alerts_sent,unpriced");
    assert.equal(csv[1], "support-oct,alert,2025-10-01..2025-10-03,1,0.028,0,0.972,0.028,,1");
    assert.match(ok("budget", "status"), /support-oct\s+alert\s+2025-10-01\.\.2025-10-03/);
    fails(/no budget named "nope"/, "budget", "status", "nope");
  });

  it("applies a rules file: creates, leaves unchanged, dry-runs, prunes", () => {
    const file = join(dir, "budgets.yaml");
    const rules = (amount: string) => `budgets:
  - name: search-monthly
    scope: { team: search }
    period: month
    tz: Europe/Berlin
    amount_usd: "${amount}"
    action: downgrade
    downgrade_to: gpt-4o-mini
    hold_cap_usd: "0.25"
  - name: support-oct
    scope: { team: support }
    period: 2025-10-01..2025-10-03
    amount: "1"
    alerts: [25, 50]
    action: alert
policies:
  - name: nightly-batch
    match: { feature: nightly }
    require_tier: batch
    rate_limit: { requests_per_minute: 60 }
`;
    writeFileSync(file, rules("500"));
    assert.equal(ok("budget", "apply", file), "created   budget search-monthly\nunchanged budget support-oct\ncreated   policy nightly-batch\n");
    assert.equal(ok("budget", "apply", file), "unchanged budget search-monthly\nunchanged budget support-oct\nunchanged policy nightly-batch\n");
    writeFileSync(file, rules("600"));
    assert.match(ok("budget", "apply", file, "--dry-run"), /^updated {3}budget search-monthly\n[\s\S]*\(dry run: nothing was changed\)\n$/);
    assert.equal((JSON.parse(ok("budget", "list", "--json")) as { budgets: { amount_usd: string }[] }).budgets[0]!.amount_usd, "500");
    const only = join(dir, "only.json");
    writeFileSync(
      only,
      JSON.stringify({ budgets: [{ name: "search-monthly", scope: { team: "search" }, period: "month", amount_usd: "600", action: "block" }] }),
    );
    assert.equal(
      ok("budget", "apply", only, "--prune", "--dry-run"),
      "updated   budget search-monthly\ndeleted   budget support-oct\ndeleted   policy nightly-batch\n(dry run: nothing was changed)\n",
    );
    assert.equal(ok("budget", "apply", only, "--prune"), "updated   budget search-monthly\ndeleted   budget support-oct\ndeleted   policy nightly-batch\n");
    const after = JSON.parse(ok("budget", "list", "--json")) as { budgets: { name: string }[]; policies: unknown[] };
    assert.deepEqual(
      after.budgets.map((b) => b.name),
      ["search-monthly"],
    );
    assert.deepEqual(after.policies, []);
  });

  it("exits 2 with a message naming the flag, file, line or field, and applies nothing from a bad file", () => {
    const set = (...extra: string[]) => ["budget", "set", "x", "--period", "month", "--amount", "10", "--action", "block", ...extra];
    fails(/^tokenomics: --amount: "ten" is not a decimal USD amount/, "budget", "set", "x", "--period", "month", "--amount", "ten", "--action", "block");
    fails(/--scope: planet: unknown scope key/, ...set("--scope", "planet=mars"));
    fails(/--scope: expected KEY=VALUE/, ...set("--scope", "team"));
    fails(/--period: "fortnight" is not day, week/, "budget", "set", "x", "--period", "fortnight", "--amount", "1", "--action", "block");
    fails(/--tz: unknown time zone "Mars\/Olympus"/, ...set("--tz", "Mars/Olympus"));
    fails(/--downgrade-to: required when action is downgrade/, "budget", "set", "x", "--period", "month", "--amount", "1", "--action", "downgrade");
    fails(/--action: /, "budget", "set", "x", "--period", "month", "--amount", "1", "--action", "stop");
    fails(/--alerts: "lots" is not a percentage/, ...set("--alerts", "50,lots"));
    fails(/--amount/, "budget", "set", "x", "--period", "month", "--action", "block");

    const bad = join(dir, "bad.yaml");
    writeFileSync(
      bad,
      `budgets:
  - name: fresh
    period: month
    amount_usd: "5"
    action: block
  - name: fresh
    period: month
    amount_usd: "ten"
    action: block
`,
    );
    const r = run("budget", "apply", bad, "--db", db);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /bad\.yaml:8: budgets\[1\]\.amount_usd: must be a non-negative decimal string/);
    writeFileSync(
      bad,
      "budgets:\n  - name: fresh\n    period: month\n    amount_usd: '5'\n    action: block\n  - name: fresh\n    period: day\n    amount_usd: '1'\n    action: alert\n",
    );
    fails(/bad\.yaml:6: budgets\[1\]\.name: "fresh" is also budgets\[0\]/, "budget", "apply", bad);
    writeFileSync(bad, "budgets:\n  - name: fresh\n    period: [month\n");
    fails(/bad\.yaml:\d+: not valid YAML or JSON/, "budget", "apply", bad);
    fails(/nope\.yaml: cannot read it/, "budget", "apply", join(dir, "nope.yaml"));
    // nothing of the bad files was applied
    assert.deepEqual(
      (JSON.parse(ok("budget", "list", "--json")) as { budgets: { name: string }[] }).budgets.map((b) => b.name),
      ["search-monthly"],
    );
  });
});
