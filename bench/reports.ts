import { rmSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { DuckDBInstance } from "@duckdb/node-api";
import { DuckDbStore } from "../src/ledger/duckdb/store.js";
import type { AggregateQuery, Store } from "../src/ledger/store.js";
import { savingsReport } from "../src/ledger/reports/savings.js";
import { builtinCatalog } from "../src/pricing/builtin/index.js";

export interface ReportTiming {
  name: string;
  ms: number;
  rows: number;
  /** the target, where it is not the reports' 500 ms */
  targetMs?: number;
}

export interface ReportsResult {
  events: number;
  generateSeconds: number;
  timings: ReportTiming[];
}

/**
 * A ledger of `n` synthetic events over 90 days, written straight into the store's schema by
 * SQL (generating them through JS would only time the import, which has its own benchmark).
 */
export async function buildLedger(path: string, n: number): Promise<void> {
  const store = await DuckDbStore.open(path); // creates the schema
  await store.close();
  const instance = await DuckDBInstance.create(path);
  const db = await instance.connect();
  await db.run(`INSERT INTO events (id, ts, provider, model, resolved_model, input, cached_input, output, reasoning, requests,
      priced, total_usd, cost_input, cost_cached_input, cost_output, cost_reasoning, team, feature, customer, environment, trace_id, is_retry, status, source, convention)
    SELECT 'e' || i,
      TIMESTAMP '2025-08-01 00:00:00' + to_seconds((i * 7776000 // ${n})::BIGINT),
      m.provider, m.model, m.model,
      in_t, cached_t, out_t, reason_t, 1,
      m.model <> 'internal-7b',
      CASE WHEN m.model = 'internal-7b' THEN NULL ELSE
        ((in_t * m.p_in + cached_t * m.p_cached + (out_t + reason_t) * m.p_out)::DECIMAL(18,4) * 0.000001)::DECIMAL(18,13) END,
      CASE WHEN m.model = 'internal-7b' THEN NULL ELSE ((in_t * m.p_in)::DECIMAL(18,4) * 0.000001)::DECIMAL(18,13) END,
      CASE WHEN m.model = 'internal-7b' THEN NULL ELSE ((cached_t * m.p_cached)::DECIMAL(18,4) * 0.000001)::DECIMAL(18,13) END,
      CASE WHEN m.model = 'internal-7b' THEN NULL ELSE ((out_t * m.p_out)::DECIMAL(18,4) * 0.000001)::DECIMAL(18,13) END,
      CASE WHEN m.model = 'internal-7b' THEN NULL ELSE ((reason_t * m.p_out)::DECIMAL(18,4) * 0.000001)::DECIMAL(18,13) END,
      'team-' || (h % 8), 'feature-' || (h % 23), 'customer-' || ((h // 7) % 2000), CASE WHEN h % 10 = 0 THEN 'staging' ELSE 'prod' END,
      't' || (i // 3), (i % 3) = 2, 'ok', 'bench', 'disjoint'
    FROM (SELECT i, hash(i) AS h, (hash(i) % 20000)::BIGINT AS in_t, (hash(i * 3) % 50000)::BIGINT AS cached_t,
                 (hash(i * 5) % 2000)::BIGINT AS out_t, (hash(i * 7) % 3000)::BIGINT AS reason_t, (hash(i * 11) % 200)::INTEGER AS k
          FROM range(${n}) t(i)) g
    JOIN (VALUES
        (0, 'openai', 'gpt-4o-2024-08-06', 2.5, 1.25, 10.0),
        (1, 'openai', 'gpt-4.1-mini', 0.4, 0.1, 1.6),
        (2, 'openai', 'o3', 2.0, 0.5, 8.0),
        (3, 'anthropic', 'claude-sonnet-4-5', 3.0, 0.3, 15.0),
        (4, 'anthropic', 'claude-haiku-4-5', 1.0, 0.1, 5.0),
        (5, 'google', 'gemini-2.5-flash', 0.3, 0.03, 2.5),
        (6, 'acme', 'internal-7b', 0, 0, 0)
      ) m(k, provider, model, p_in, p_cached, p_out) ON m.k = CASE WHEN g.k = 0 THEN 6 ELSE g.k % 6 END`);
  db.closeSync();
  instance.closeSync();
}

async function time(store: Store, name: string, q: AggregateQuery): Promise<ReportTiming> {
  await store.aggregate(q); // warm: the first query also loads the file's blocks
  const samples: number[] = [];
  let rows = 0;
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    rows = (await store.aggregate(q)).rows.length;
    samples.push(performance.now() - start);
  }
  return { name, ms: samples.sort((a, b) => a - b)[1]!, rows };
}

export async function benchReports(n = 10_000_000, alsoOnLedger?: (path: string) => Promise<void>): Promise<ReportsResult> {
  const path = join(tmpdir(), `tokenomics-bench-${process.pid}.duckdb`);
  rmSync(path, { force: true });
  const started = performance.now();
  await buildLedger(path, n);
  const generateSeconds = (performance.now() - started) / 1000;
  const store = await DuckDbStore.open(path);
  try {
    const timings = [
      await time(store, "cost by team, one month", { by: ["team"], from: "2025-09-01", to: "2025-10-01" }),
      await time(store, "daily cost by model, 90 days", { by: ["model"], every: "day" }),
      await time(store, "top-20 customers, all events", { by: ["customer"], top: 20 }),
      await time(store, "weekly cost by team × feature, prod only", {
        by: ["team", "feature"],
        every: "week",
        where: [{ dimension: "environment", values: ["prod"] }],
      }),
      await time(store, "total, all events", { by: [] }),
    ];
    const start = performance.now();
    const interactions = await store.interactionSummary({ by: ["feature"], from: "2025-10-01", to: "2025-10-31" });
    timings.push({ name: "interactions (α) by feature, one month", ms: performance.now() - start, rows: interactions.length });
    // the savings scan: one profile query over every event, then the opportunities priced in JS (median of 3, warm)
    const catalog = builtinCatalog();
    const scan = () => savingsReport(store, catalog, { filter: {}, flags: { where: [] }, by: ["feature"] });
    await scan();
    const scans: { ms: number; rows: number }[] = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      const report = await scan();
      scans.push({ ms: performance.now() - t, rows: report.opportunities.length });
    }
    const median = scans.sort((a, b) => a.ms - b.ms)[1]!;
    timings.push({ name: "savings scan by feature, all events (opportunities)", ms: median.ms, rows: median.rows, targetMs: 3000 });
    const events = await store.count();
    // the file has one writer: whatever else uses this ledger opens it after us
    await store.close();
    await alsoOnLedger?.(path);
    return { events, generateSeconds, timings };
  } finally {
    await store.close();
    rmSync(path, { force: true });
    rmSync(`${path}.wal`, { force: true });
  }
}
