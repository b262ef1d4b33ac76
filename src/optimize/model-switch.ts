/**
 * `--model M` (and the cascade `--model small --escalate F --to large`): the same calls on
 * another model, with token counts carried into its tokenizer and prompt caching under its rules.
 */
import Big from "big.js";
import type { CachingRule } from "../pricing/caching.js";
import type { Catalog } from "../pricing/catalog.js";
import type { UsageEvent } from "../usage/event.js";
import type { Usage } from "../usage/usage.js";
import { cacheScope, caching } from "./cache-rules.js";
import { events, priceOutcome, recordedMode, Tally, type Counterfactual, type Outcome } from "./counterfactual.js";
import { convertTokens, tokenizerOf } from "./tokenizers.js";

const TEXT_CLASSES = ["input", "cached_input", "cache_write", "cache_write_1h", "output", "reasoning"] as const;

export interface ModelSwitch {
  model: string;
  /** the cascade: this share of calls also runs on `to` */
  escalate?: { share: string; to: string };
}

/**
 * @example modelSwitch(catalog, { model: "gpt-4o-mini" }).apply(gpt4oCall) // priced on gpt-4o-mini
 * @example modelSwitch(catalog, { model: "gpt-4o-mini", escalate: { share: "0.2", to: "gpt-4o" } })
 */
export function modelSwitch(catalog: Catalog, change: ModelSwitch, rules: readonly CachingRule[]): Counterfactual {
  const small = target(catalog, change.model, rules);
  const large = change.escalate ? target(catalog, change.escalate.to, rules) : undefined;
  const share = change.escalate ? new Big(change.escalate.share) : undefined;
  const shareUnits = share ? BigInt(share.times(new Big(10).pow(decimals(change.escalate!.share))).toFixed(0)) : 0n;
  const shareScale = change.escalate ? decimals(change.escalate.share) : 0;
  let same = 0;
  return {
    notEligible: [],
    apply(e: UsageEvent): Outcome {
      const source = catalog.resolve(e.model, e.ts);
      if (!source.ok) return { kind: "unpriced", model: e.model, reason: source.reason };
      if (!large) {
        const t = catalog.resolve(change.model, e.ts);
        if (t.ok && t.model.id === source.model.id) {
          same++;
          return { kind: "same", reason: "already on the model" };
        }
        return small.price(e, source.model.id, source.model.provider);
      }
      // a cascade is a new routing: a call already on one of its models is priced on both legs too
      const first = small.price(e, source.model.id, source.model.provider);
      if (first.kind !== "priced") return first;
      const second = large.price(e, source.model.id, source.model.provider);
      if (second.kind !== "priced") return second;
      // small + share × large, exactly
      const scale = Math.max(first.scale, second.scale + shareScale);
      const a = BigInt(first.total) * 10n ** BigInt(scale - first.scale);
      const b = BigInt(second.total) * shareUnits * 10n ** BigInt(scale - second.scale - shareScale);
      return { kind: "priced", total: a + b, scale };
    },
    assumptions() {
      const out = [...small.assumptions()];
      if (large && share) {
        out.push(
          `cascade: every call runs on ${change.model}, and ${share.times(100).toFixed()}% of each call's tokens also run on ${change.escalate!.to} (the escalated share, priced at its full size there); which calls escalate is not known, so the share is spread evenly over all of them`,
          ...large.assumptions(),
        );
      } else if (same) out.push(`${events(same)} already on ${change.model} left as they were`);
      out.push(
        "the answers are assumed as long (counted in the new tokenizer) and as good on the other model; reasoning tokens are carried over as they were, though another model would think for a different length (or not at all)",
      );
      return out;
    },
  };
}

interface Target {
  /** the event priced on this model */
  price(e: UsageEvent, sourceId: string, sourceProvider: string): Outcome;
  assumptions(): string[];
}

function target(catalog: Catalog, model: string, rules: readonly CachingRule[]): Target {
  const conversions = new Tally();
  const coldWrites = new Tally();
  let dropped = 0;
  let writesAsInput = 0;
  const warm = new Set<string>();
  return {
    price(e, sourceId, sourceProvider) {
      const found = catalog.resolve(model, e.ts);
      if (!found.ok) return { kind: "unpriced", model, reason: `${found.reason} (the counterfactual model)` };
      const to = found.model;
      const from = tokenizerOf(sourceId, sourceProvider);
      const into = tokenizerOf(to.id, to.provider);
      const u: Usage = { ...e.usage };
      if (from.tokenizer !== into.tokenizer) {
        for (const cls of TEXT_CLASSES) u[cls] = convertTokens(u[cls], from.per_o200k, into.per_o200k);
        const note = into.measured && from.measured ? "measured" : "an estimate";
        conversions.add(
          `${from.tokenizer} → ${into.tokenizer}: × ${new Big(into.per_o200k).div(from.per_o200k).round(4, Big.roundHalfUp).toFixed()} (${note})`,
        );
      } else conversions.add(`${from.tokenizer} on both: token counts carried over`);

      const rule = caching(rules, to, found.version, e.ts);
      const cacheable = u.cached_input + u.cache_write + u.cache_write_1h;
      if (cacheable > 0) {
        if (!rule || cacheable < rule.rule.min_prefix_tokens) {
          // no caching there, or a prefix too short for it: every cached token is plain input
          u.input += cacheable;
          u.cached_input = u.cache_write = u.cache_write_1h = 0;
          dropped++;
        } else {
          if (!rule.writeClass && u.cache_write + u.cache_write_1h > 0) {
            u.input += u.cache_write + u.cache_write_1h;
            u.cache_write = u.cache_write_1h = 0;
            writesAsInput++;
          }
          const scope = cacheScope(to, e);
          if (!warm.has(scope)) {
            warm.add(scope);
            if (u.cached_input > 0 && u.cache_write + u.cache_write_1h === 0) {
              // the model switch's first call finds the cache cold: its reads are written instead
              u[rule.writeClass ?? "input"] += u.cached_input;
              u.cached_input = 0;
              coldWrites.add(scope);
            }
          }
        }
      }
      return priceOutcome(catalog, u, model, e.ts, recordedMode(e));
    },
    assumptions() {
      const out = [...conversions.counts].map(([what, n]) => `${model}: ${what} for ${events(n)}`);
      const cold = coldWrites.counts.size;
      out.push(
        `${model}: cache reads carry over as reads, except the first call in each cache scope (provider, model, org, API key), which finds the cache cold and writes instead (${events(cold)})`,
      );
      if (dropped)
        out.push(
          `${model}: ${events(dropped)} had cached or cache-written tokens that ${model} would not cache (no caching, or a prefix under its minimum): priced as plain input`,
        );
      if (writesAsInput) out.push(`${model}: ${events(writesAsInput)} had cache writes, which ${model} does not charge for: priced as plain input`);
      return out;
    },
  };
}

function decimals(s: string): number {
  const dot = s.indexOf(".");
  return dot < 0 ? 0 : s.length - dot - 1;
}
