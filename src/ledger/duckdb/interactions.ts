/**
 * Interactions (traces) in the DuckDB ledger: the calls sharing a trace id, one row per
 * interaction, and those rows summed per group by their first call's values.
 */
import type { InteractionQuery, InteractionRow, InteractionSummaryQuery, InteractionSummaryRow } from "../store.js";
import { trimDecimal } from "./columns.js";
import { dimensionExpr, whereClause, type Params, type ReadRows } from "./sql.js";

export async function interactions(read: ReadRows, q: InteractionQuery): Promise<InteractionRow[]> {
  const params: Params = {};
  const where = whereClause(q, params);
  params.limit = q.limit ?? 20;
  const rows = await read(
    `WITH calls AS (SELECT * FROM events ${where ? `${where} AND` : "WHERE"} trace_id IS NOT NULL)
     SELECT trace_id,
       strftime(min(ts), '%Y-%m-%dT%H:%M:%S.%gZ') AS started,
       arg_min(feature, ts) AS feature, arg_min(team, ts) AS team, arg_min(customer, ts) AS customer,
       count(*)::BIGINT AS calls,
       count(*) FILTER (WHERE is_retry)::BIGINT AS retries,
       count(*) FILTER (WHERE is_tool_call)::BIGINT AS tool_calls,
       count(*) FILTER (WHERE status <> 'ok')::BIGINT AS errors,
       count(*) FILTER (WHERE NOT priced)::BIGINT AS unpriced_calls,
       coalesce(sum(total_usd), 0)::VARCHAR AS total_usd,
       arg_max(total_usd, ts) FILTER (WHERE status = 'ok')::VARCHAR AS final_call_usd
     FROM calls GROUP BY trace_id
     ORDER BY ${q.order === "calls" ? "calls DESC, sum(total_usd) DESC" : "sum(total_usd) DESC NULLS LAST, calls DESC"}, trace_id
     LIMIT $limit`,
    params,
  );
  return rows.map((r) => ({
    trace_id: String(r.trace_id),
    started: String(r.started),
    feature: (r.feature as string | null) ?? null,
    team: (r.team as string | null) ?? null,
    customer: (r.customer as string | null) ?? null,
    calls: Number(r.calls),
    retries: Number(r.retries),
    tool_calls: Number(r.tool_calls),
    errors: Number(r.errors),
    unpriced_calls: Number(r.unpriced_calls),
    total_usd: trimDecimal(String(r.total_usd)),
    final_call_usd: r.final_call_usd === null || r.final_call_usd === undefined ? null : trimDecimal(String(r.final_call_usd)),
  }));
}

export async function interactionSummary(read: ReadRows, q: InteractionSummaryQuery): Promise<InteractionSummaryRow[]> {
  const params: Params = {};
  const where = whereClause(q, params);
  const dims = q.by.map((d, i) => `arg_min(${dimensionExpr(d, params)}, ts) AS "g${i}"`);
  const groups = q.by.map((_, i) => `"g${i}"`);
  const rows = await read(
    `WITH per AS (
       SELECT trace_id, ${[...dims, ""].join(", ")}
         count(*) AS calls, count(*) FILTER (WHERE is_retry) AS retries,
         count(*) FILTER (WHERE is_tool_call) AS tool_calls, count(*) FILTER (WHERE status <> 'ok') AS errors,
         coalesce(sum(total_usd), 0) AS total, arg_max(total_usd, ts) FILTER (WHERE status = 'ok') AS final
       FROM events ${where ? `${where} AND` : "WHERE"} trace_id IS NOT NULL GROUP BY trace_id)
     SELECT ${[...groups, ""].join(", ")} count(*)::BIGINT AS interactions, sum(calls)::BIGINT AS calls,
       sum(retries)::BIGINT AS retries, sum(tool_calls)::BIGINT AS tool_calls, sum(errors)::BIGINT AS errors,
       sum(total)::VARCHAR AS total_usd,
       coalesce(sum(total) FILTER (WHERE final IS NOT NULL), 0)::VARCHAR AS completed_usd,
       coalesce(sum(final), 0)::VARCHAR AS final_calls_usd
     FROM per ${groups.length ? `GROUP BY ${groups.join(", ")}` : ""} ORDER BY sum(total) DESC`,
    params,
  );
  return rows.map((r) => ({
    dimensions: Object.fromEntries(q.by.map((d, i) => [d, (r[`g${i}`] as string | null) ?? null])),
    interactions: Number(r.interactions),
    calls: Number(r.calls),
    retries: Number(r.retries),
    tool_calls: Number(r.tool_calls),
    errors: Number(r.errors),
    total_usd: trimDecimal(String(r.total_usd)),
    completed_usd: trimDecimal(String(r.completed_usd)),
    final_calls_usd: trimDecimal(String(r.final_calls_usd)),
  }));
}
