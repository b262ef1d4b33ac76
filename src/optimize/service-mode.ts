/** `--batch` and `--flex`: the same calls at the batch or flex rates, where the model has them */
import type { Catalog } from "../pricing/catalog.js";
import type { PriceOptions } from "../pricing/price.js";
import type { UsageEvent } from "../usage/event.js";
import { events, priceOutcome, Tally, type Counterfactual, type Outcome } from "./counterfactual.js";

const NO_PRICE = { batch: "no batch price", flex: "no flex price" } as const;

/**
 * Re-prices each call in batch (or the flex tier) where its model's price version on the call's
 * date offers it; calls on other models stay as they were, and are counted.
 * @example serviceMode(catalog, "batch").apply(gpt4oMiniCall) // priced at half the standard rates
 */
export function serviceMode(catalog: Catalog, mode: "batch" | "flex"): Counterfactual {
  const tally = new Tally();
  const without = new Tally();
  let replacedTier = 0;
  return {
    notEligible: [NO_PRICE[mode]],
    apply(e: UsageEvent): Outcome {
      if (e.request.batch) return count("already batch");
      if (mode === "flex" && e.request.service_tier === "flex") return count("already flex");
      const found = catalog.resolve(e.model, e.ts);
      if (!found.ok) return { kind: "unpriced", model: e.model, reason: found.reason };
      const offered = mode === "batch" ? found.version.batch !== undefined : found.version.service_tiers?.flex !== undefined;
      if (!offered) {
        without.add(found.model.id);
        return count(NO_PRICE[mode]);
      }
      const tier = e.request.service_tier;
      if (tier && tier !== "standard" && tier !== "default") replacedTier++;
      tally.add("moved");
      const options: PriceOptions = mode === "batch" ? { batch: true } : { tier: "flex" };
      if (e.attribution.customer) options.customer = e.attribution.customer;
      return priceOutcome(catalog, e.usage, e.model, e.ts, options);
    },
    assumptions() {
      const models = [...without.counts].map(([m, n]) => `${m} (${n})`).join(", ");
      const out = [
        `${events(tally.get("moved"))} re-priced at the ${mode} rates of the price version in force on each call's date`,
        `${events(tally.get(NO_PRICE[mode]))} on models without a ${mode} price left at their actual cost${models ? `: ${models}` : ""}`,
      ];
      const already = tally.get("already batch") + tally.get("already flex");
      if (already) out.push(`${events(already)} already in batch${mode === "flex" ? " or flex" : ""} left as they were`);
      if (replacedTier) out.push(`${events(replacedTier)} recorded on another service tier (e.g. priority) moved off it`);
      out.push(
        mode === "batch"
          ? "batch answers come within 24 hours, not at once: only work that can wait qualifies; which work that is, is the caller's judgement (pick it with --where)"
          : "flex answers are slower and may be refused when capacity is short (a 429 to retry later); retries this would add are not modelled",
      );
      return out;
    },
  };

  function count(reason: string): Outcome {
    tally.add(reason);
    return { kind: "same", reason };
  }
}
