import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import Big from "big.js";

// end to end: the real bin on a real DuckDB ledger file
const bin = fileURLToPath(new URL("../../bin/tokenomics.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "tokenomics-ledger-cli-"));

function run(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", cwd: dir, env: { ...process.env, TOKENOMICS_DB: join(dir, "default.duckdb") } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function json<T>(...args: string[]): T {
  const r = run(...args, "--json");
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as T;
}

interface Summary {
  records: number;
  inserted: number;
  duplicates: number;
  unpriced: number;
  rejected: number;
  total_usd: string;
  rejects_file: string | null;
}

interface Report {
  rows: ({ period?: string; events: number; tokens: Record<string, number>; total_usd: string } & Record<string, unknown>)[];
  total_usd: string;
  unpriced_events: number;
}

/** gateway-style log lines: OpenAI bodies with attribution alongside */
function writeCalls(file: string, extra: string[] = []): void {
  const line = (id: string, ts: string, team: string, model: string, prompt: number, cached: number, completion: number) =>
    JSON.stringify({
      ts,
      team,
      feature: "search",
      response: {
        id,
        object: "chat.completion",
        created: 0,
        model,
        usage: { prompt_tokens: prompt, completion_tokens: completion, prompt_tokens_details: { cached_tokens: cached } },
      },
    });
  writeFileSync(
    file,
    `${[
      // gpt-4o-mini ($0.15 in, $0.075 cached, $0.60 out): 1,000 uncached × 0.15 + 1,000 cached × 0.075 + 500 × 0.60, per 1M
      // = 0.00015 + 0.000075 + 0.0003 = 0.000525
      line("chatcmpl-1", "2025-10-01T09:00:00Z", "search", "gpt-4o-mini", 2000, 1000, 500),
      // gpt-4.1 ($2 in, $8 out): 10,000 × 2 + 1,000 × 8, per 1M = 0.02 + 0.008 = 0.028
      line("chatcmpl-2", "2025-10-02T23:30:00Z", "support", "gpt-4.1", 10000, 0, 1000),
      // an unknown model: kept, flagged unpriced
      line("chatcmpl-3", "2025-10-03T12:00:00Z", "support", "acme-7b", 100, 0, 10),
      ...extra,
    ].join("\n")}\n`,
  );
}

describe("tokenomics import / report", () => {
  const db = join(dir, "a.duckdb");
  const calls = join(dir, "calls.jsonl");
  writeCalls(calls, ["{ this is not json", JSON.stringify({ response: { object: "chat.completion", usage: {} } })]);

  it("imports good lines, rejects bad ones with file and line, and is idempotent", () => {
    const first = json<Summary>("import", "openai", calls, "--db", db);
    assert.equal(first.inserted, 3);
    assert.equal(first.unpriced, 1);
    assert.equal(first.rejected, 2);
    // 0.000525 + 0.028 = 0.028525
    assert.equal(first.total_usd, "0.028525");
    const rejects = readFileSync(join(dir, first.rejects_file!), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { file: string; line: number });
    assert.deepEqual(
      rejects.map((r) => r.line),
      [4, 5],
    );
    assert.equal(rejects[0]!.file, calls);
    const again = json<Summary>("import", "openai", calls, "--db", db);
    assert.equal(again.inserted, 0);
    assert.equal(again.duplicates, 3);
  });

  it("exits 1 when every line is rejected: nothing stored is a failure a script must see", () => {
    const bad = join(dir, "all-bad.jsonl");
    writeFileSync(bad, "{ not json\n");
    const r = run("import", "openai", bad, "--db", join(dir, "all-bad.duckdb"));
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr + r.stdout, /rejected/);
  });

  it("reports by team with the issue's JSON shape; the total is the sum of the rows", () => {
    const r = json<Report>("report", "--db", db, "--by", "team");
    assert.deepEqual(
      r.rows.map((x) => [x.team, x.total_usd, x.events]),
      [
        ["support", "0.028", 2],
        ["search", "0.000525", 1],
      ],
    );
    assert.equal(r.total_usd, "0.028525");
    assert.equal(r.unpriced_events, 1);
    assert.equal(r.rows[1]!.tokens.cached_input, 1000);
    const sum = r.rows.reduce((acc, x) => acc.plus(x.total_usd), new Big(0));
    assert.equal(sum.toFixed(), r.total_usd);
  });

  it("reports by UTC day, or in another time zone with --tz", () => {
    const utc = json<Report>("report", "--db", db, "--every", "day");
    assert.deepEqual(
      utc.rows.map((x) => x.period),
      ["2025-10-01", "2025-10-02", "2025-10-03"],
    );
    // 2025-10-02T23:30Z is already 2025-10-03 in Tokyo
    const tokyo = json<Report>("report", "--db", db, "--every", "day", "--tz", "Asia/Tokyo");
    assert.deepEqual(
      tokyo.rows.map((x) => [x.period, x.total_usd]),
      [
        ["2025-10-01", "0.000525"],
        ["2025-10-03", "0.028"],
      ],
    );
  });

  it("filters with --where and --period, and prints a table and CSV", () => {
    const r = json<Report>("report", "--db", db, "--by", "model", "--where", "team=search", "--period", "2025-10");
    assert.deepEqual(
      r.rows.map((x) => x.model),
      ["gpt-4o-mini"],
    );
    const table = run("report", "--db", db, "--by", "team");
    assert.match(table.stdout, /total \$0\.028525 over 3 events/);
    assert.match(table.stdout, /1 events are unpriced and not in the total: acme-7b/);
    assert.equal(
      run("report", "--db", db, "--by", "team", "--csv").stdout.split("\n")[0],
      "team,events,input,cached_input,cache_write,output,reasoning,unpriced,total_usd",
    );
  });

  it("exits 2 on a bad dimension, period or source", () => {
    assert.equal(run("report", "--db", db, "--by", "colour").code, 2);
    assert.equal(run("report", "--db", db, "--period", "October").code, 2);
    assert.equal(run("import", "nosuch", calls, "--db", db).code, 2);
    assert.equal(run("import", "openai", join(dir, "missing.jsonl"), "--db", db).code, 2);
    const none = run("report", "--db", join(dir, "never-created.duckdb"));
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no ledger at .*never-created\.duckdb/);
    assert.ok(!existsSync(join(dir, "never-created.duckdb")), "a report does not create a ledger");
  });

  it("re-prices after a contract and says what moved", () => {
    const contract = join(dir, "contract.json");
    writeFileSync(
      contract,
      JSON.stringify({
        models: [
          {
            id: "acme-7b",
            provider: "acme",
            mode: "chat",
            prices: [{ from: "2025-01-01", rates: { input: "1", output: "2" }, source: "contract", retrieved: "2025-01-01" }],
          },
        ],
        adjustments: [{ name: "openai-10", kind: "discount", value: "0.10", match: { provider: "openai" } }],
      }),
    );
    const r = json<{ events: number; changed: number; newly_priced: number; after_usd: string }>("reprice", "--db", db, "--catalog", contract);
    assert.equal(r.events, 3);
    assert.equal(r.changed, 3);
    assert.equal(r.newly_priced, 1);
    // openai × 0.9: 0.028525 × 0.9 = 0.0256725; acme: 100 × $1/M + 10 × $2/M = 0.00012 → 0.0257925
    assert.equal(r.after_usd, "0.0257925");
    assert.equal(json<Report>("report", "--db", db).total_usd, "0.0257925");
  });

  it("fills a demo ledger and reports interactions, hidden tokens and a FOCUS export", () => {
    const demo = join(dir, "demo.duckdb");
    const s = json<Summary & { from: string }>("demo", "--db", demo, "--days", "3");
    assert.ok(s.inserted > 1000, `${s.inserted} demo calls`);
    assert.ok(s.unpriced > 0);
    assert.equal(run("demo", "--db", demo).code, 2); // not into a ledger that holds events
    const interactions = json<{ rows: { feature: string; alpha: string | null; interactions: number }[] }>(
      "report",
      "--db",
      demo,
      "--view",
      "interactions",
      "--by",
      "feature",
    );
    assert.ok(
      interactions.rows.some((r) => r.alpha !== null && Number(r.alpha) > 1),
      "agents and retries make alpha > 1",
    );
    const hidden = json<{ rows: { dimensions: { resolved_model: string }; reasoning_tokens: number }[] }>("report", "--db", demo, "--view", "hidden-tokens");
    assert.ok(hidden.rows.some((r) => r.reasoning_tokens > 0));
    const focus = run("export", "--db", demo, "--format", "focus", "--every", "day");
    assert.equal(focus.code, 0, focus.stderr);
    const lines = focus.stdout.trim().split(/\r?\n/);
    const header = lines[0]!.split(",");
    assert.ok(header.includes("BilledCost") && header.includes("ChargePeriodStart") && header.includes("ConsumedQuantity"));
    // FOCUS BilledCost sums to the report's total (unpriced events are in neither)
    const billed = header.indexOf("BilledCost");
    const sum = lines.slice(1).reduce((acc, l) => acc.plus(l.split(",")[billed]!), new Big(0));
    assert.equal(sum.toFixed(), json<Report>("report", "--db", demo).total_usd);
  });

  it("uses TOKENOMICS_DB when --db is not given", () => {
    const r = run("import", "openai", calls);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(existsSync(join(dir, "default.duckdb")));
  });
});

describe("crash safety", () => {
  // the JavaScript reading stores batches of --batch-size; a native import stores each piece of a
  // file in one statement, as atomic as a batch
  it("an import killed half-way leaves whole batches, and re-running it finishes the job", async () => {
    const db = join(dir, "crash.duckdb");
    const file = join(dir, "many.jsonl");
    const lines: string[] = [];
    for (let i = 0; i < 250_000; i++) {
      lines.push(
        JSON.stringify({
          ts: "2025-10-01T00:00:00Z",
          response: { id: `c-${i}`, object: "chat.completion", created: 0, model: "gpt-4o-mini", usage: { prompt_tokens: 1000, completion_tokens: 100 } },
        }),
      );
    }
    writeFileSync(file, `${lines.join("\n")}\n`);
    const child = spawn(process.execPath, [bin, "import", "openai", file, "--db", db, "--no-native", "--batch-size", "20000", "--verbose"], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    const exited = new Promise((resolve) => child.on("exit", resolve));
    // kill it mid-import, as soon as it says its first batch is stored
    await new Promise<void>((resolve) => child.stderr.on("data", (chunk: Buffer) => String(chunk).includes("stored") && resolve()));
    child.kill("SIGKILL");
    await exited;
    const partial = json<Report>("report", "--db", db);
    const stored = partial.rows.reduce((n, r) => n + r.events, 0);
    assert.ok(stored >= 20_000 && stored < 250_000, `killed after ${stored} events`);
    assert.equal(stored % 20_000, 0, "only whole batches are stored");
    const rerun = json<Summary>("import", "openai", file, "--db", db);
    assert.equal(rerun.inserted + rerun.duplicates, 250_000);
    assert.equal(rerun.duplicates, stored);
    // 250,000 × (1,000 × $0.15 + 100 × $0.60) / 1M = 250,000 × 0.00021 = 52.5
    assert.equal(json<Report>("report", "--db", db).total_usd, "52.5");
  });
});
