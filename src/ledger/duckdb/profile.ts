/**
 * The savings scan's one read of the DuckDB ledger (see src/optimize/profile-rows.ts): three
 * grouped scans over the matching events, each a single pass the engine runs in parallel.
 */
import { USAGE_FIELDS, usage } from "../../usage/usage.js";
import type { HourRow, OutputSpreadRow, UsageProfile, UsageProfileRow } from "../../optimize/profile-rows.js";
import type { UsageProfileQuery } from "../store.js";
import { trimDecimal } from "./columns.js";
import { dimensionExpr, whereClause, type Params, type ReadRows } from "./sql.js";

const PROMPT = "(coalesce(input, 0) + coalesce(cached_input, 0) + coalesce(cache_write, 0) + coalesce(cache_write_1h, 0))";

export async function usageProfile(read: ReadRows, q: UsageProfileQuery): Promise<UsageProfile> {
  const params: Params = {};
  const where = whereClause(q, params);
  const dims = q.by.map((d, i) => `${dimensionExpr(d, params)} AS g${i}`);
  const groups = q.by.map((_, i) => `g${i}`);
  const thresholds = [...new Set(q.promptThresholds ?? [])].filter((t) => Number.isSafeInteger(t) && t > 0).sort((a, b) => a - b);
  const over = thresholds.length ? thresholds.map((t) => `(prompt > ${t})::INTEGER`).join(" + ") : "0";
  const same = (a: string, b: string) => groups.map((g) => `${a}.${g} IS NOT DISTINCT FROM ${b}.${g}`);
  const base = `SELECT ${[
    ...dims,
    "provider",
    "coalesce(resolved_model, model) AS m",
    "priced",
    "ts",
    ...USAGE_FIELDS.map((f) => `"${f}"`),
    "total_usd",
    "coalesce(batch, false) AS b",
    "coalesce(service_tier, '') AS tier",
    "(coalesce(is_retry, false) OR coalesce(status, 'ok') <> 'ok') AS wasted",
    `${PROMPT} AS prompt`,
  ].join(", ")} FROM events ${where}`;
  const [rows, outputs, hours] = await Promise.all([
    read(
      `WITH base AS (${base}),
       caps AS (SELECT ${[...groups, "m"].join(", ")}, floor(approx_quantile(output, 0.95))::BIGINT AS p95 FROM base GROUP BY ALL)
       SELECT ${[...groups.map((g) => `base.${g}`), "base.provider", "base.m", "base.priced"].join(", ")},
         strftime(date_trunc('day', base.ts), '%Y-%m-%d') AS day, base.b, base.tier, base.wasted, ${over.replaceAll("prompt", "base.prompt")} AS over_n,
         count(*)::BIGINT AS events, coalesce(sum(base.total_usd), 0)::VARCHAR AS total_usd,
         ${USAGE_FIELDS.map((f) => `coalesce(sum(base."${f}"), 0)::BIGINT AS "t_${f}"`).join(", ")},
         coalesce(sum(greatest(base.output - caps.p95, 0)), 0)::BIGINT AS above_p95,
         count(*) FILTER (WHERE base.cached_input > 0)::BIGINT AS cached_events
       FROM base JOIN caps ON ${[...same("base", "caps"), "base.m IS NOT DISTINCT FROM caps.m"].join(" AND ")}
       GROUP BY ALL ORDER BY ALL`,
      params,
    ),
    read(
      `WITH base AS (${base})
       SELECT ${[...groups, "m"].join(", ")}, count(*)::BIGINT AS events,
         floor(approx_quantile(output, 0.5))::BIGINT AS p50, floor(approx_quantile(output, 0.95))::BIGINT AS p95,
         floor(approx_quantile(output, 0.99))::BIGINT AS p99
       FROM base GROUP BY ALL ORDER BY ALL`,
      params,
    ),
    read(
      `WITH base AS (${base})
       SELECT ${[...groups, "hour(ts)::INTEGER AS h"].join(", ")}, count(*)::BIGINT AS n FROM base GROUP BY ALL ORDER BY ALL`,
      params,
    ),
  ]);
  const dimensionsOf = (r: Record<string, unknown>): Record<string, string | null> => {
    const out: Record<string, string | null> = {};
    q.by.forEach((d, i) => {
      const v = r[`g${i}`];
      out[d] = v === null || v === undefined ? null : String(v);
    });
    return out;
  };
  const profileRows = rows.map((r): UsageProfileRow => {
    const tokens = usage();
    for (const f of USAGE_FIELDS) tokens[f] = Number(r[`t_${f}`] ?? 0);
    return {
      dimensions: dimensionsOf(r),
      provider: String(r.provider ?? ""),
      model: String(r.m ?? ""),
      priced: Boolean(r.priced),
      day: String(r.day),
      batch: Boolean(r.b),
      service_tier: String(r.tier ?? ""),
      wasted: Boolean(r.wasted),
      over_thresholds: Number(r.over_n ?? 0),
      events: Number(r.events),
      tokens,
      total_usd: trimDecimal(String(r.total_usd)),
      output_above_p95: Number(r.above_p95 ?? 0),
      cached_events: Number(r.cached_events ?? 0),
    };
  });
  const outputRows = outputs.map(
    (r): OutputSpreadRow => ({
      dimensions: dimensionsOf(r),
      model: String(r.m ?? ""),
      events: Number(r.events),
      p50: Number(r.p50),
      p95: Number(r.p95),
      p99: Number(r.p99),
    }),
  );
  const byGroup = new Map<string, HourRow>();
  for (const r of hours) {
    const dimensions = dimensionsOf(r);
    const key = JSON.stringify(dimensions);
    let row = byGroup.get(key);
    if (!row) byGroup.set(key, (row = { dimensions, hours: new Array<number>(24).fill(0) }));
    row.hours[Number(r.h)] = Number(r.n);
  }
  return { rows: profileRows, outputs: outputRows, hours: [...byGroup.values()] };
}
