import { USAGE_FIELDS } from "../../usage/usage.js";
import type { Dimension } from "../../usage/event.js";
import type { Filter, Period } from "../store.js";
import { utcIso } from "./columns.js";

/** SQL building for the DuckDB store: identifiers from a fixed list, values always bound */
export interface Sql {
  text: string;
  params: Record<string, string | number>;
}

/** bound values of a statement, by name */
export type Params = Record<string, string | number>;

/** runs a read on one of the store's reader connections: each concern's queries take one */
export type ReadRows = (sql: string, params?: Params) => Promise<Record<string, unknown>[]>;

const COLUMN_OF: Record<string, string> = { source: '"source"', user: '"user"' };

/** the SQL expression for a dimension; tags live in a JSON column */
export function dimensionExpr(d: Dimension, params: Record<string, string | number>): string {
  if (d.startsWith("tag.")) {
    const key = `tag_${Object.keys(params).length}`;
    params[key] = `$."${d.slice(4).replace(/"/g, "")}"`;
    return `json_extract_string(tags, $${key})`;
  }
  return COLUMN_OF[d] ?? `"${d}"`;
}

export function whereClause(f: Filter, params: Record<string, string | number>): string {
  const parts: string[] = [];
  if (f.from) {
    params.from = utcIso(f.from.length === 10 ? `${f.from}T00:00:00Z` : f.from);
    parts.push("ts >= $from::TIMESTAMP");
  }
  if (f.to) {
    params.to = utcIso(f.to.length === 10 ? `${f.to}T00:00:00Z` : f.to);
    parts.push("ts < $to::TIMESTAMP");
  }
  for (const cond of f.where ?? []) {
    const expr = dimensionExpr(cond.dimension, params);
    const names = cond.values.map((v) => {
      const key = `w_${Object.keys(params).length}`;
      params[key] = v;
      return `$${key}`;
    });
    parts.push(`${expr} IN (${names.join(", ")})`);
  }
  return parts.length ? `WHERE ${parts.join(" AND ")}` : "";
}

/** the start of the period a row falls in (a TIMESTAMP: format it after grouping, it is cheaper) */
export function periodExpr(every: Period, tz: string, params: Record<string, string | number>): string {
  if (tz === "UTC" || tz === "Etc/UTC") return `date_trunc('${every}', ts)`;
  params.tz = tz;
  // stored times are naive UTC: make them UTC instants, then local wall-clock time in tz
  return `date_trunc('${every}', timezone($tz, timezone('UTC', ts)))`;
}

/** the sums every aggregate returns */
export function sumColumns(costs: boolean): string {
  return [
    "count(*)::BIGINT AS events",
    "count(*) FILTER (WHERE NOT priced)::BIGINT AS unpriced_events",
    "coalesce(sum(total_usd), 0)::VARCHAR AS total_usd",
    ...USAGE_FIELDS.map((f) => `coalesce(sum("${f}"), 0)::BIGINT AS "t_${f}"`),
    ...(costs ? USAGE_FIELDS.map((f) => `sum("cost_${f}")::VARCHAR AS "c_${f}"`) : []),
  ].join(", ");
}
