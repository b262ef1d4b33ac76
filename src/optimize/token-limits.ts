/** `--cap-output N` and `--trim-input PCT`: the same calls with fewer tokens */
import Big from "big.js";
import type { Catalog } from "../pricing/catalog.js";
import type { UsageEvent } from "../usage/event.js";
import { events, priceOutcome, recordedMode, Tally, type Counterfactual, type Outcome } from "./counterfactual.js";

/**
 * Output above `cap` tokens priced as `cap`; reasoning tokens are left as they are.
 * @example outputCap(catalog, 500).apply(eventWith1200OutputTokens) // priced with output 500
 */
export function outputCap(catalog: Catalog, cap: number): Counterfactual {
  const tally = new Tally();
  let cut = 0;
  return {
    notEligible: [],
    apply(e: UsageEvent): Outcome {
      if (e.usage.output <= cap) {
        tally.add("within the cap");
        return { kind: "same", reason: "output within the cap" };
      }
      tally.add("capped");
      cut += e.usage.output - cap;
      return priceOutcome(catalog, { ...e.usage, output: cap }, e.model, e.ts, recordedMode(e));
    },
    assumptions: () => [
      `${events(tally.get("capped"))} had more than ${cap.toLocaleString("en-US")} output tokens and are priced as if cut there (${cut.toLocaleString("en-US")} output tokens fewer); ${events(tally.get("within the cap"))} were within the cap`,
      "an upper bound on the saving: an answer cut short may be unusable and be asked again, which is not modelled",
      "reasoning (thinking) tokens are not capped, though max_tokens limits them too on most providers",
    ],
  };
}

/**
 * Uncached input cut by `percent`: kept = input × (100 − percent) ÷ 100, rounded half-up.
 * @example inputTrim(catalog, "20") // 1,000 uncached input tokens → 800
 */
export function inputTrim(catalog: Catalog, percent: string): Counterfactual {
  const keep = new Big(100).minus(percent).div(100);
  let trimmed = 0;
  let removed = 0;
  return {
    notEligible: [],
    apply(e: UsageEvent): Outcome {
      if (e.usage.input === 0 || keep.eq(1)) return { kind: "same", reason: "no uncached input" };
      const input = Number(keep.times(e.usage.input).round(0, Big.roundHalfUp).toFixed(0));
      trimmed++;
      removed += e.usage.input - input;
      return priceOutcome(catalog, { ...e.usage, input }, e.model, e.ts, recordedMode(e));
    },
    assumptions: () => [
      `the uncached input of ${events(trimmed)} cut by ${percent}% (${removed.toLocaleString("en-US")} tokens), each call rounded to a whole token; cached input, cache writes and output unchanged`,
      "the answers are assumed as good and as long with the shorter prompts; a smaller prompt may also fall below a long-context tier, which the repricing applies",
    ],
  };
}
