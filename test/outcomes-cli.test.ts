/**
 * `tokenomics outcomes import | report` and `plan margins`' cost per success, end to end: the
 * real bin on a real DuckDB ledger file holding calls with known costs.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { DuckDbStore } from "../src/ledger/duckdb/store.js";
import type { OutcomeReportRow } from "../src/planning/index.js";
import type { UsageEvent } from "../src/usage/event.js";
import { usage } from "../src/usage/usage.js";

const bin = fileURLToPath(new URL("../../bin/tokenomics.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "tokenomics-outcomes-cli-"));
const db = join(dir, "ledger.duckdb");

function run(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", cwd: dir, env: { ...process.env, TOKENOMICS_DB: "", TOKENOMICS_SERVER: "" } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** a priced call with its cost given */
function call(id: string, ts: string, trace: string, feature: string, customer: string, usd: string): UsageEvent {
  return {
    id,
    ts,
    provider: "openai",
    model: "gpt-4o-mini",
    usage: usage({ requests: 1, input: 10 }),
    attribution: { feature, customer },
    interaction: { trace_id: trace },
    request: { status: "ok" },
    source: { kind: "test", convention: "disjoint", raw_usage: {} },
    cost: { priced: true, resolved_model: "gpt-4o-mini", total_usd: usd, breakdown: { input: usd }, version_from: "2024-07-18" },
  };
}

interface Summary {
  read: number;
  inserted: number;
  duplicates: number;
  rejected: number;
  rejects_file: string | null;
}

type ReportRow = OutcomeReportRow & { feature: string };

before(async () => {
  const store = await DuckDbStore.open(db);
  await store.append([
    // support: t1 (acme) 0.01 + 0.02 = 0.03, t2 (beta) 0.05, t3 (acme) 0.04; mail: t4 (acme) 0.1
    call("c1", "2026-10-01T10:00:00Z", "t1", "support", "acme", "0.01"),
    call("c2", "2026-10-01T10:00:05Z", "t1", "support", "acme", "0.02"),
    call("c3", "2026-10-02T10:00:00Z", "t2", "support", "beta", "0.05"),
    call("c4", "2026-10-03T10:00:00Z", "t3", "support", "acme", "0.04"),
    call("c5", "2026-10-03T11:00:00Z", "t4", "mail", "acme", "0.1"),
  ]);
  await store.close();
});

describe("tokenomics outcomes", () => {
  it("imports CSV and JSON lines, keeps the good lines, reports the bad ones by file, line and field", () => {
    const csv = file(
      "outcomes.csv",
      "id,trace_id,kind,at,success,value_usd\n" +
        "o1,t1,resolved_ticket,2026-10-01T11:00:00Z,true,\n" +
        "o2,t2,resolved_ticket,2026-10-02T11:00:00Z,false,\n" +
        "o3,t3,resolved_ticket,2026-10-03T11:00:00Z,,\n" +
        "o4,t4,conversion,2026-10-03T12:00:00Z,yes,49.90\n" +
        "o5,t1,resolved_ticket,yesterday,true,\n",
    );
    const r = run("outcomes", "import", csv, "--db", db, "--json");
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(r.stdout) as Summary;
    assert.deepEqual([s.read, s.inserted, s.duplicates, s.rejected], [4, 4, 0, 1]);
    assert.match(r.stderr, /outcomes\.csv:6: at: expected an ISO 8601 time/);
    const reject = JSON.parse(readFileSync(join(dir, "tokenomics-rejects.jsonl"), "utf8").trim()) as { file: string; line: number; field: string };
    assert.deepEqual([reject.line, reject.field], [6, "at"]);

    // again: nothing new
    const again = JSON.parse(run("outcomes", "import", csv, "--db", db, "--json").stdout) as Summary;
    assert.deepEqual([again.inserted, again.duplicates], [0, 4]);

    assert.equal((JSON.parse(r.stdout) as { unmatched: number }).unmatched, 0);
    // a trace id no call carries: stored, and said
    const orphan = run("outcomes", "import", file("orphan.csv", "id,trace_id,kind,at\no8,t-typo,conversion,2026-10-05\n"), "--db", db);
    assert.equal(orphan.code, 0, orphan.stderr);
    assert.match(orphan.stdout, /1 outcomes name a trace_id no call in the ledger carries/);

    const jsonl = file("more.jsonl", '{"id":"o6","trace_id":"t2","kind":"resolved_ticket","at":"2026-10-04T00:00:00Z"}\n{"id":"o7",\n');
    const j = run("outcomes", "import", jsonl, "--db", db, "--rejects", join(dir, "r.jsonl"));
    assert.equal(j.code, 0, j.stderr);
    assert.match(j.stdout, /read 1 outcomes: 1 new, 0 duplicate, 1 rejected/);
    assert.match(j.stderr, /more\.jsonl:2: line: not valid JSON/);
    assert.ok(existsSync(join(dir, "r.jsonl")));
  });

  it("exits 2 when every line is bad or the header cannot be read", () => {
    const bad = run("outcomes", "import", file("bad.jsonl", '{"id":"x","trace_id":"t1","kind":"conversion","at":"2026-10-01","value_usd":12.5}\n'), "--db", db);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /no outcome imported: all 1 lines were rejected/);
    assert.match(bad.stderr, /bad\.jsonl:1: value_usd: expected a non-negative decimal string/);
    const header = run("outcomes", "import", file("header.csv", "id,trace_id,kind,at,sucess\no9,t1,conversion,2026-10-01,true\n"), "--db", db);
    assert.equal(header.code, 2);
    assert.match(header.stderr, /header\.csv:1: header: unknown column "sucess"/);
    assert.equal(run("outcomes", "import", join(dir, "missing.csv"), "--db", db).code, 2);
  });

  it("reports cost per successful outcome per feature and kind, exactly", () => {
    const r = run("outcomes", "report", "--db", db, "--json");
    assert.equal(r.code, 0, r.stderr);
    const rows = (JSON.parse(r.stdout) as { rows: ReportRow[] }).rows;
    assert.deepEqual(
      rows.map((x) => [
        x.feature,
        x.kind,
        x.interactions,
        x.outcomes,
        x.successes,
        x.success_rate,
        x.interactions_usd,
        x.successful_usd,
        x.value_usd,
        x.cost_per_success_usd,
      ]),
      [
        // support: t1 + t2 + t3 = 0.03 + 0.05 + 0.04 = 0.12; o1, o2 (failed), o3, o6 → 3 of 4 = 0.75;
        // successful interactions t1, t3 and t2 (o6) = 0.12; 0.12 / 3 = 0.04 a resolved ticket
        ["support", "resolved_ticket", 3, 4, 3, 0.75, "0.12", "0.12", "0", "0.04"],
        // mail: t4 = 0.1, one conversion worth 49.90: 0.1 / 1 = 0.1
        ["mail", "conversion", 1, 1, 1, 1, "0.1", "0.1", "49.9", "0.1"],
      ],
    );
    // a window with t3 and t4 only: support = t3 (0.04) with o3 → 0.04
    const later = JSON.parse(run("outcomes", "report", "--db", db, "--from", "2026-10-03", "--json").stdout) as { rows: ReportRow[] };
    assert.deepEqual(
      later.rows.map((x) => [x.feature, x.interactions_usd, x.outcomes, x.cost_per_success_usd]),
      [
        ["mail", "0.1", 1, "0.1"],
        ["support", "0.04", 1, "0.04"],
      ],
    );

    const table = run("outcomes", "report", "--db", db);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /support\s+resolved_ticket\s+3\s+4\s+3\s+75\.0 %\s+\$0\.12\s+\$0\.040000/);
    const c = run("outcomes", "report", "--db", db, "--by", "customer", "--csv");
    assert.equal(c.code, 0, c.stderr);
    const lines = c.stdout.trim().split("\n");
    assert.equal(lines[0], "customer,kind,interactions,outcomes,successes,success rate,token cost,cost per success");
    // acme: t1 + t3 + t4 = 0.03 + 0.04 + 0.1 = 0.17 over 3 interactions; one conversion: 0.17 / 1
    assert.ok(lines.includes("acme,conversion,3,1,1,1,0.17,0.17"), c.stdout);
    assert.equal(run("outcomes", "report", "--db", db, "--by", "colour").code, 2);
  });

  it("gives plan margins a cost per successful outcome per customer", () => {
    const revenue = file("revenue.csv", "month,customer,revenue_usd\n2026-10,acme,10\n2026-10,beta,1\n");
    const r = run("plan", "margins", "--revenue", revenue, "--db", db, "--json");
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as {
      rows: { customer: string }[];
      cost_per_success: { customers: { customer: string; successes: number; cost_usd: string; cost_per_success_usd: string | null }[] };
    };
    assert.deepEqual(out.cost_per_success.customers, [
      // beta: t2 = 0.05, one success (o6): 0.05 (margin 0.95, first: worst margin first)
      { customer: "beta", successes: 1, cost_usd: "0.05", cost_per_success_usd: "0.05" },
      // acme: 0.17 over o1, o3 and o4 = 3 successes: 0.0566666… → 0.0566666666667 (13 places)
      { customer: "acme", successes: 3, cost_usd: "0.17", cost_per_success_usd: "0.0566666666667" },
    ]);
    const table = run("plan", "margins", "--revenue", revenue, "--db", db);
    assert.match(table.stdout, /cost \/ success/);
    assert.match(table.stdout, /acme .* \$0\.056667/);
  });
});
