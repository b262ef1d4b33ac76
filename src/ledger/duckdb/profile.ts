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
  const rowKeys = [...groups, "provider", "m", "priced", "date_trunc('day', ts) AS d", "b", "tier", "wasted", `${over} AS over_n`];
  // three scans, one after the other (each already runs on every core; side by side they only contend):
  // the spend per linear row, the output spread per slice and model, the calls per hour
  const rows = await read(
    `WITH base AS (${base})
       SELECT ${rowKeys.join(", ")},
         count(*)::BIGINT AS events, coalesce(sum(total_usd), 0)::VARCHAR AS total_usd,
         ${USAGE_FIELDS.map((f) => `coalesce(sum("${f}"), 0)::BIGINT AS "t_${f}"`).join(", ")},
         count(*) FILTER (WHERE cached_input > 0)::BIGINT AS cached_events
       FROM base GROUP BY ALL`,
    params,
  );
  const outputs = await read(
    `WITH base AS (${base})
     SELECT ${[...groups, "m"].join(", ")}, count(*)::BIGINT AS events, quantile_disc(output, [0.5, 0.95, 0.99]) AS q
     FROM base GROUP BY ALL ORDER BY ALL`,
    params,
  );
  const hours = await read(
    `WITH base AS (${base}) SELECT ${[...groups, "hour(ts)::INTEGER AS h"].join(", ")}, count(*)::BIGINT AS n FROM base GROUP BY ALL`,
    params,
  );
  // then what a cap at each slice's p95 removes, per linear row: a scan of the calls above their cap only
  const capped = outputs.filter((r) => {
    const [, p95, p99] = listItems(r.q).map(Number);
    return p95! < p99!;
  });
  const excess = new Map<string, number>();
  if (capped.length > 0) {
    const capParams: Params = { ...params };
    const values = capped.map((r, i) => {
      const cap = Number(listItems(r.q)[1]);
      return `(${[...groups.map((g) => bindNullable(capParams, `c${i}_${g}`, r[g])), bindNullable(capParams, `c${i}_m`, r.m), String(cap)].join(", ")})`;
    });
    const on = [...groups.map((g) => `base.${g} IS NOT DISTINCT FROM caps.${g}`), "base.m IS NOT DISTINCT FROM caps.m"].join(" AND ");
    const above = await read(
      `WITH base AS (${base}), caps(${[...groups, "m", "cap"].join(", ")}) AS (VALUES ${values.join(", ")})
       SELECT ${rowKeys.map((k) => (k.includes(" AS ") ? k.replace(/\bts\b/, "base.ts").replace(/\bprompt\b/g, "base.prompt") : `base.${k}`)).join(", ")},
         sum(base.output - caps.cap)::BIGINT AS above
       FROM base JOIN caps ON ${on} WHERE base.output > caps.cap GROUP BY ALL`,
      capParams,
    );
    for (const r of above) excess.set(rowKey(r, groups), Number(r.above));
  }
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
      day: String(r.d).slice(0, 10),
      batch: Boolean(r.b),
      service_tier: String(r.tier ?? ""),
      wasted: Boolean(r.wasted),
      over_thresholds: Number(r.over_n ?? 0),
      events: Number(r.events),
      tokens,
      total_usd: trimDecimal(String(r.total_usd)),
      output_above_p95: excess.get(rowKey(r, groups)) ?? 0,
      cached_events: Number(r.cached_events ?? 0),
    };
  });
  const outputRows = outputs.map((r): OutputSpreadRow => {
    const [p50, p95, p99] = listItems(r.q).map((v) => Number(v ?? 0));
    return { dimensions: dimensionsOf(r), model: String(r.m ?? ""), events: Number(r.events), p50: p50!, p95: p95!, p99: p99! };
  });
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

/** a LIST value as the node client returns it (a wrapper with `items`, or an array) */
function listItems(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (v && typeof v === "object" && Array.isArray((v as { items?: unknown }).items)) return (v as { items: unknown[] }).items;
  return [];
}

/** a bound value for a VALUES cell: NULL stays NULL (a slice without the dimension set) */
function bindNullable(params: Params, name: string, v: unknown): string {
  if (v === null || v === undefined) return "NULL::VARCHAR";
  params[name] = String(v);
  return `$${name}::VARCHAR`;
}

/** the identity of a linear row, to match the excess scan's rows to the spend scan's */
function rowKey(r: Record<string, unknown>, groups: readonly string[]): string {
  return JSON.stringify([...groups.map((g) => r[g] ?? null), r.provider ?? null, r.m ?? null, r.priced, String(r.d), r.b, r.tier, r.wasted, Number(r.over_n)]);
}
