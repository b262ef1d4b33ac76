/** hidden reasoning tokens per group: how much of a model's output the user never sees, and what that does to its effective price (`report --view hidden-tokens`) */
import Big from "big.js";
import { today, type Catalog } from "../../pricing/catalog.js";
import type { AggregateRow } from "../store.js";

export interface HiddenTokensRow {
  dimensions: Record<string, string | null>;
  output_tokens: number;
  reasoning_tokens: number;
  /** reasoning / (visible output + reasoning) */
  reasoning_share: number;
  /** h = reasoning / visible output */
  h: number;
  /** the model's output rate today, USD per 1M tokens (when the group is one model) */
  output_price_per_million: string | null;
  /** p_out · (1 + h): what a visible output token really costs */
  effective_price_per_million: string | null;
}

/**
 * The hidden-token view of aggregated rows: how much of what a model generated was reasoning
 * the user never sees, and what that does to the price of each visible token.
 */
export function hiddenTokens(rows: readonly AggregateRow[], catalog: Catalog, at: string = today()): HiddenTokensRow[] {
  return rows
    .filter((r) => r.tokens.output + r.tokens.reasoning > 0)
    .map((r) => {
      const output = r.tokens.output;
      const reasoning = r.tokens.reasoning;
      const model = r.dimensions.resolved_model ?? r.dimensions.model;
      const found = model ? catalog.resolve(model, at) : undefined;
      const pOut = found?.ok ? (found.version.rates.output ?? null) : null;
      // exact: p_out × (output + reasoning) / output
      const effective =
        pOut !== null && output > 0
          ? new Big(pOut)
              .times(output + reasoning)
              .div(output)
              .round(6)
              .toFixed()
          : null;
      return {
        dimensions: r.dimensions,
        output_tokens: output,
        reasoning_tokens: reasoning,
        reasoning_share: reasoning / (output + reasoning),
        h: output > 0 ? reasoning / output : Infinity,
        output_price_per_million: pOut,
        effective_price_per_million: effective,
      };
    })
    .sort((a, b) => b.reasoning_tokens - a.reasoning_tokens);
}
