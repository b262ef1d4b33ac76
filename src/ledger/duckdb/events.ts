/**
 * The events table of the DuckDB ledger: batches written from a spool file in one statement,
 * and the reads over single events (count, range, pages) and their sums (aggregate).
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import Big from "big.js";
import { USAGE_FIELDS, usage, type UsageField } from "../../usage/usage.js";
import type { UsageEvent } from "../../usage/event.js";
import { sumDecimals } from "../../shared/decimal.js";
import { keepTop } from "../rollup.js";
import type { AggregateQuery, AggregateResult, AggregateRow, AppendResult, Filter, ListQuery } from "../store.js";
import { COLUMNS, eventFromRow, trimDecimal } from "./columns.js";
import type { CsvSpool } from "./spool.js";
import { READ_BATCH } from "./schema.js";
import { dimensionExpr, periodExpr, sumColumns, whereClause, type Params, type ReadRows } from "./sql.js";

/** one batch file into the events table, in one atomic statement */
export async function insertSpool(db: DuckDBConnection, spool: CsvSpool, replace: boolean): Promise<AppendResult> {
  const file = spool.finish();
  try {
    if (spool.rows === 0) return { inserted: 0, duplicates: spool.repeats };
    const insert = (verb: string) => db.run(`${verb} INTO events SELECT * FROM ${READ_BATCH}`, { file });
    let result;
    if (replace) result = await insert("INSERT OR REPLACE");
    else {
      // a plain insert costs ~40% less than one that checks each key for a conflict; ids are
      // rarely stored already (a replay, a re-import), and then the batch is inserted again, skipping them
      try {
        result = await insert("INSERT");
      } catch (e) {
        if (!/duplicate key|primary key|unique/i.test((e as Error).message)) throw e;
        result = await insert("INSERT OR IGNORE");
      }
    }
    const inserted = result.rowsChanged;
    return { inserted, duplicates: spool.rows + spool.repeats - inserted };
  } finally {
    spool.remove();
  }
}

export async function count(read: ReadRows, filter: Filter = {}): Promise<number> {
  const params: Params = {};
  const r = await read(`SELECT count(*)::BIGINT AS n FROM events ${whereClause(filter, params)}`, params);
  return Number(r[0]?.n ?? 0);
}

export async function range(read: ReadRows, filter: Filter = {}): Promise<{ events: number; first: string | null; last: string | null }> {
  const params: Params = {};
  const iso = (c: string) => `strftime(${c}, '%Y-%m-%dT%H:%M:%S.%g') || 'Z'`;
  const r = await read(
    `SELECT count(*)::BIGINT AS n, ${iso("min(ts)")} AS first, ${iso("max(ts)")} AS last FROM events ${whereClause(filter, params)}`,
    params,
  );
  const row = r[0] ?? {};
  return {
    events: Number(row.n ?? 0),
    first: row.first === null || row.first === undefined ? null : String(row.first),
    last: row.last === null || row.last === undefined ? null : String(row.last),
  };
}
export async function aggregate(read: ReadRows, q: AggregateQuery): Promise<AggregateResult> {
  const params: Params = {};
  const where = whereClause(q, params);
  const groups = q.by.map((d, i) => `${dimensionExpr(d, params)} AS "g${i}"`);
  if (q.every) groups.unshift(`${periodExpr(q.every, q.tz ?? "UTC", params)} AS period`);
  const groupNames = [...(q.every ? ["period"] : []), ...q.by.map((_, i) => `"g${i}"`)];
  const grouped = `SELECT ${[...groups, sumColumns(q.costs === true)].join(", ")} FROM events ${where}
    ${groupNames.length ? `GROUP BY ${groupNames.join(", ")}` : ""}`;
  const order = groupNames.length ? `ORDER BY ${groupNames.map((g) => `${g} NULLS LAST`).join(", ")}` : "";
  const sql = q.every ? `SELECT strftime(period, '%Y-%m-%d') AS period, * EXCLUDE (period) FROM (${grouped}) ${order}` : `${grouped} ${order}`;
  let rows: AggregateRow[] = (await read(sql, params)).map((r) => rowOf(r, q));
  if (q.top !== undefined) rows = keepTop(rows, q.by, q.top);
  if (q.by.length > 0 && !q.every) rows.sort((a, b) => new Big(b.total_usd).cmp(a.total_usd));

  const unpricedParams: Params = {};
  const unpricedWhere = whereClause(q, unpricedParams);
  const unpriced = await read(
    `SELECT model, any_value(unpriced_reason) AS reason, count(*)::BIGINT AS n FROM events
     ${unpricedWhere ? `${unpricedWhere} AND NOT priced` : "WHERE NOT priced"} GROUP BY model ORDER BY n DESC, model`,
    unpricedParams,
  );
  return {
    rows,
    events: rows.reduce((n, r) => n + r.events, 0),
    unpriced_events: rows.reduce((n, r) => n + r.unpriced_events, 0),
    total_usd: sumDecimals(rows.map((r) => r.total_usd)),
    unpriced: unpriced.map((r) => ({ model: String(r.model), reason: String(r.reason ?? ""), events: Number(r.n) })),
  };
}
export async function list(read: ReadRows, q: ListQuery): Promise<UsageEvent[]> {
  const params: Params = {};
  let where = whereClause(q, params);
  if (q.trace_id !== undefined) {
    params.trace = q.trace_id;
    where = where ? `${where} AND trace_id = $trace` : "WHERE trace_id = $trace";
  }
  params.limit = q.limit ?? 100;
  params.offset = q.offset ?? 0;
  const rows = await read(`SELECT ${selectAll()} FROM events ${where} ORDER BY ts, id LIMIT $limit OFFSET $offset`, params);
  return rows.map(eventFromRow);
}

/** every column, with money and time as exact text */
export function selectAll(): string {
  return COLUMNS.map((c) => {
    if (c.name === "ts") return `strftime(ts, '%Y-%m-%dT%H:%M:%S.%gZ') AS ts`;
    if (c.name === "version_from") return `version_from::VARCHAR AS version_from`;
    if (c.type.startsWith("DECIMAL")) return `"${c.name}"::VARCHAR AS "${c.name}"`;
    return `"${c.name}"`;
  }).join(", ");
}

function rowOf(r: Record<string, unknown>, q: AggregateQuery): AggregateRow {
  const tokens = usage();
  const costs: Partial<Record<UsageField, string>> = {};
  for (const f of USAGE_FIELDS) {
    tokens[f] = Number(r[`t_${f}`] ?? 0);
    const c = r[`c_${f}`];
    if (c !== null && c !== undefined) costs[f] = trimDecimal(String(c));
  }
  const dimensions: Record<string, string | null> = {};
  q.by.forEach((d, i) => {
    const v = r[`g${i}`];
    dimensions[d] = v === null || v === undefined ? null : String(v);
  });
  return {
    ...(q.every ? { period: String(r.period) } : {}),
    dimensions,
    events: Number(r.events),
    unpriced_events: Number(r.unpriced_events),
    tokens,
    costs,
    total_usd: trimDecimal(String(r.total_usd)),
  };
}
