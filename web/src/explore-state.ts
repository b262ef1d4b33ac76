/** Explore's state, all of it in the URL: by, where…, from, to, every, top */
import type { ReportQuery } from "./api.js";
import { rangeFrom, type Range } from "./period.js";

export const DIMENSIONS = [
  "team",
  "project",
  "feature",
  "customer",
  "user",
  "model",
  "resolved_model",
  "provider",
  "environment",
  "api_key_id",
  "status",
  "source",
] as const;

export type Every = "" | "day" | "week" | "month";

export interface ExploreState extends Range {
  by: string[];
  where: string[];
  every: Every;
  top: number | undefined;
}

export function isDimension(name: string): boolean {
  return (DIMENSIONS as readonly string[]).includes(name) || /^tag\.[A-Za-z0-9_.:-]+$/.test(name);
}

/**
 * filters as typed: `key=value` entries separated by spaces, `key=a,b` for either value
 * @example parseFilters("team=search environment=prod") → { where: ["team=search", "environment=prod"] }
 */
export function parseFilters(text: string): { where: string[]; error?: string } {
  const where: string[] = [];
  for (const part of text.split(/\s+/).filter(Boolean)) {
    const eq = part.indexOf("=");
    if (eq <= 0 || eq === part.length - 1) return { where, error: `"${part}" is not key=value` };
    const key = part.slice(0, eq);
    if (!isDimension(key)) return { where, error: `"${key}" is not a dimension (team, feature, model, tag.<key>…)` };
    where.push(part);
  }
  return { where };
}

export function readState(params: URLSearchParams, fallback: Range): ExploreState {
  const by = params.has("by") ? (params.get("by") ?? "").split(",").filter(isDimension) : ["team"];
  const every = params.get("every");
  const top = Number(params.get("top"));
  return {
    ...rangeFrom(params, fallback),
    by,
    where: params.getAll("where").filter((w) => parseFilters(w).error === undefined),
    every: every === "day" || every === "week" || every === "month" ? every : "",
    top: Number.isInteger(top) && top > 0 ? top : undefined,
  };
}

export function reportQuery(state: ExploreState): ReportQuery {
  return {
    by: state.by,
    from: state.from,
    to: state.to,
    where: state.where,
    ...(state.every ? { every: state.every } : {}),
    ...(state.top ? { top: state.top } : {}),
  };
}
