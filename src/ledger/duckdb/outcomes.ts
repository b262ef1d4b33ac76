import type { DuckDBConnection } from "@duckdb/node-api";
import type { Outcome } from "../outcome.js";
import type { AppendResult, OutcomeSummaryQuery, OutcomeSummaryRow } from "../store.js";
import { trimDecimal, utcIso } from "./columns.js";
import { dimensionExpr, whereClause } from "./sql.js";

type Params = Record<string, string | number | boolean | null>;

/** rows per INSERT statement: outcomes are one per interaction, so batches are modest */
const CHUNK = 500;

/**
 * Store outcomes in one transaction on a connection of their own (so it cannot interleave with
 * an event batch on the writing connection): all of them or none. Ids repeated inside the batch
 * are dropped here (the first one wins, as for events); ids already stored by `INSERT OR IGNORE`.
 */
export async function insertOutcomes(conn: DuckDBConnection, outcomes: readonly Outcome[]): Promise<AppendResult> {
  const unique = new Map<string, Outcome>();
  for (const o of outcomes) if (!unique.has(o.id)) unique.set(o.id, o);
  const rows = [...unique.values()];
  let inserted = 0;
  if (rows.length > 0) {
    await conn.run("BEGIN TRANSACTION");
    try {
      for (let i = 0; i < rows.length; i += CHUNK) {
        const params: Params = {};
        const values = rows.slice(i, i + CHUNK).map((o, j) => {
          params[`i${j}`] = o.id;
          params[`t${j}`] = o.trace_id;
          params[`k${j}`] = o.kind;
          params[`a${j}`] = utcIso(o.at);
          params[`s${j}`] = o.success;
          params[`v${j}`] = o.value_usd ?? null;
          // the value goes in as text and is cast by DuckDB: exact, never through a double
          return `($i${j}, $t${j}, $k${j}, $a${j}::TIMESTAMP, $s${j}, $v${j}::VARCHAR::DECIMAL(37,13))`;
        });
        const r = await conn.run(`INSERT OR IGNORE INTO outcomes VALUES ${values.join(", ")}`, params);
        inserted += r.rowsChanged;
      }
      await conn.run("COMMIT");
    } catch (e) {
      await conn.run("ROLLBACK");
      throw e;
    }
  }
  return { inserted, duplicates: outcomes.length - inserted };
}

/**
 * Outcomes per group and kind. Interactions are grouped by their first selected call (as in
 * `interactionSummary`); every interaction in a group counts towards its cost, whether it has an
 * outcome or not, and each kind's row carries that same group cost.
 */
export async function outcomeSummary(
  read: (sql: string, params: Record<string, string | number>) => Promise<Record<string, unknown>[]>,
  q: OutcomeSummaryQuery,
): Promise<OutcomeSummaryRow[]> {
  const params: Record<string, string | number> = {};
  const where = whereClause(q, params);
  const dims = q.by.map((d, i) => `arg_min(${dimensionExpr(d, params)}, ts) AS "g${i}"`);
  const groups = q.by.map((_, i) => `"g${i}"`);
  const list = (names: string[], prefix = "") => names.map((g) => `${prefix}${g}`).join(", ") + (names.length ? "," : "");
  const same = groups.map((g) => `j.${g} IS NOT DISTINCT FROM grp.${g}`).join(" AND ");
  const rows = await read(
    `WITH per AS (
       SELECT trace_id, ${list(dims)} coalesce(sum(total_usd), 0) AS total, count(*) FILTER (WHERE NOT priced) AS unpriced
       FROM events ${where ? `${where} AND` : "WHERE"} trace_id IS NOT NULL GROUP BY trace_id),
     grp AS (
       SELECT ${list(groups)} count(*) AS interactions, sum(total) AS total, sum(unpriced) AS unpriced
       FROM per ${groups.length ? `GROUP BY ${groups.join(", ")}` : ""}),
     oc AS (
       SELECT trace_id, kind, count(*) AS outcomes, count(*) FILTER (WHERE success) AS successes,
         coalesce(sum(value_usd) FILTER (WHERE success), 0) AS value
       FROM outcomes WHERE trace_id IN (SELECT trace_id FROM per) GROUP BY trace_id, kind),
     j AS (
       SELECT ${list(groups, "per.")} oc.kind, count(*) AS with_outcome, sum(oc.outcomes) AS outcomes, sum(oc.successes) AS successes,
         count(*) FILTER (WHERE oc.successes > 0) AS successful, coalesce(sum(per.total) FILTER (WHERE oc.successes > 0), 0) AS successful_total,
         sum(oc.value) AS value
       FROM per JOIN oc USING (trace_id) GROUP BY ${list(groups, "per.")} oc.kind)
     SELECT ${list(groups, "j.")} j.kind, grp.interactions::BIGINT AS interactions, grp.total::VARCHAR AS interactions_usd,
       grp.unpriced::BIGINT AS unpriced_calls, j.with_outcome::BIGINT AS with_outcome, j.outcomes::BIGINT AS outcomes,
       j.successes::BIGINT AS successes, j.successful::BIGINT AS successful, j.successful_total::VARCHAR AS successful_usd,
       j.value::VARCHAR AS value_usd
     FROM j ${groups.length ? `JOIN grp ON ${same}` : "CROSS JOIN grp"}
     ORDER BY grp.total DESC, ${list(groups, "j.")} j.kind`,
    params,
  );
  return rows.map((r) => ({
    dimensions: Object.fromEntries(q.by.map((d, i) => [d, (r[`g${i}`] as string | null) ?? null])),
    kind: String(r.kind),
    interactions: Number(r.interactions),
    interactions_usd: trimDecimal(String(r.interactions_usd)),
    unpriced_calls: Number(r.unpriced_calls),
    interactions_with_outcome: Number(r.with_outcome),
    outcomes: Number(r.outcomes),
    successes: Number(r.successes),
    successful_interactions: Number(r.successful),
    successful_usd: trimDecimal(String(r.successful_usd)),
    value_usd: trimDecimal(String(r.value_usd)),
  }));
}
