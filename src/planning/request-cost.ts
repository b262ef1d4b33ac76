import Big from "big.js";
import type { Catalog } from "../pricing/catalog.js";
import { ratesFor } from "../pricing/cost.js";
import { chooseSheet } from "../pricing/price.js";
import { USAGE_FIELDS, usage, type UsageField } from "../usage/usage.js";

/** mean tokens of one request, per disjoint class (input is uncached input) */
export interface MeanRequest {
  input: number;
  cached_input: number;
  output: number;
  reasoning: number;
}

export type RequestCost =
  | {
      readonly priced: true;
      readonly resolved_model: string;
      readonly version_from: string;
      /** USD of one mean request, exact */
      readonly total: Big;
      /** the parts a Monte Carlo scales separately: input side, output side, per-request fees */
      readonly inputPart: Big;
      readonly outputPart: Big;
      readonly fixedPart: Big;
    }
  | { readonly priced: false; readonly resolved_model: string | null; readonly reason: string };

const INPUT_SIDE: readonly (keyof MeanRequest)[] = ["input", "cached_input"];
const OUTPUT_SIDE: readonly (keyof MeanRequest)[] = ["output", "reasoning"];

/**
 * What one mean request costs on `model` at instant `at`, by the catalog's rules: the price
 * version in force, the batch price when asked, each token class at its own rate (reasoning and
 * cached input through the catalog's fallbacks), a long-context tier when the mean prompt passes
 * it, and any per-request fee. Exact: the means may be fractional.
 *
 * @example
 * requestCost(catalog, "gpt-4o-mini", "2027-01-01T00:00:00Z", { input: 1000, cached_input: 500, output: 200, reasoning: 0 })
 * // total = 0.0003075
 */
export function requestCost(catalog: Catalog, model: string, at: string, mean: MeanRequest, options: { batch?: boolean } = {}): RequestCost {
  const chosen = chooseSheet(catalog, model, at, { batch: options.batch ?? false });
  if (!chosen.priced) {
    const resolved = catalog.resolve(model, at);
    return { priced: false, resolved_model: resolved.ok ? resolved.model.id : null, reason: chosen.reason };
  }
  const { rates } = ratesFor(chosen.sheet, usage(mean));
  const scale = chosen.sheet.scale;
  const rate = (field: UsageField): Big | string => {
    const r = rates.big[USAGE_FIELDS.indexOf(field)];
    return r === undefined ? `no ${field} rate` : new Big(`${r}e-${scale}`);
  };
  const part = (fields: readonly (keyof MeanRequest)[]): Big | string => {
    let sum = new Big(0);
    for (const f of fields) {
      if (mean[f] === 0) continue;
      const r = rate(f);
      if (typeof r === "string") return r;
      sum = sum.plus(r.times(String(mean[f])));
    }
    return sum;
  };
  const inputPart = part(INPUT_SIDE);
  const outputPart = part(OUTPUT_SIDE);
  const fee = rate("requests");
  const fixedPart = typeof fee === "string" ? new Big(0) : fee;
  const resolved_model = chosen.found.model.id;
  for (const p of [inputPart, outputPart]) {
    if (typeof p === "string") return { priced: false, resolved_model, reason: `${resolved_model} has ${p} in the catalog` };
  }
  const i = inputPart as Big;
  const o = outputPart as Big;
  return { priced: true, resolved_model, version_from: chosen.found.version.from, total: i.plus(o).plus(fixedPart), inputPart: i, outputPart: o, fixedPart };
}
