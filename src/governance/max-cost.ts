/**
 * A call's maximum cost, computed before it is forwarded, so it can be reserved.
 *
 * Prompt tokens are counted with the model's tokenizer (src/tokens: exact for OpenAI, the upper
 * end of the estimate's range for other providers); output is the request's `max_tokens` /
 * `max_completion_tokens` / `max_output_tokens`, else the catalog's `max_output` for the model
 * (capped by it when both are known, as the provider would refuse more). The result is priced
 * by building a usage record and pricing it with the catalog's own functions, so long-context
 * tiers, batch and service tiers, per-request fees and adjustments apply exactly as they will
 * at settle time. Where the class is uncertain the dearest one is taken: output vs reasoning
 * rate, and a prompt with `cache_control` as a cache write. A model that cannot be priced comes
 * back `{ unpriced: reason }`, never $0, so a block budget can refuse it.
 */
import type { Catalog } from "../pricing/catalog.js";
import { priceWith, type PricedCall, type PriceOptions } from "../pricing/price.js";
import { countForModel, type ChatMessage, type ToolDefinition } from "../tokens/index.js";
import { usage, type Usage } from "../usage/usage.js";
import { USD_SCALE } from "./units.js";

export type MaxCost =
  | {
      usd: string;
      units: bigint;
      promptTokens: number;
      outputTokens: number;
      /** why the figure may be below the real maximum (parts no offline rule counts); empty when it is a bound */
      lowerBoundBecause: string[];
    }
  | { unpriced: string };

export interface MaxCostOptions extends Pick<PriceOptions, "batch" | "tier" | "customer" | "adjustments"> {
  /** the call's time (ISO 8601): picks the price version in force */
  at: string;
  /** the provider, where the model id alone does not say (tokenizer family) */
  provider?: string;
  /**
   * the cache writes the body asks for, when the caller has checked it on the bytes as sent
   * (null: none); otherwise the body is serialised to look (a long conversation is hundreds of kilobytes)
   */
  cacheWrite?: "5m" | "1h" | null;
}

/** the cache writes a body's text asks for (Anthropic `cache_control`; "1h" with a one-hour ttl) */
export function cacheWriteOf(text: string): "5m" | "1h" | undefined {
  if (!text.includes('"cache_control"')) return undefined;
  return /"ttl"\s*:\s*"1h"/.test(text) ? "1h" : "5m";
}

export interface TokenFacts {
  model: string;
  promptTokens: number;
  /** the request's output cap, if it set one */
  maxOutputTokens?: number;
  /** the prompt asks for cache writes (Anthropic `cache_control`); "1h" for the 1-hour lifetime */
  cacheWrite?: "5m" | "1h";
  lowerBoundBecause?: string[];
}

/** the output cap a request sets: max_tokens, max_completion_tokens or max_output_tokens */
export function requestedMaxOutput(body: Record<string, unknown>): number | undefined {
  for (const field of ["max_completion_tokens", "max_output_tokens", "max_tokens"]) {
    const v = body[field];
    if (typeof v === "number" && Number.isInteger(v) && v >= 0) return v;
  }
  return undefined;
}

/** the maximum cost from counted prompt tokens (synchronous: the admission step reprices rewrites with it) */
export function maxCostFromTokens(catalog: Catalog, facts: TokenFacts, options: MaxCostOptions): MaxCost {
  const resolved = catalog.resolve(facts.model, options.at);
  if (!resolved.ok) return { unpriced: resolved.reason };
  const { model, version } = resolved;
  let outputTokens: number | undefined;
  if (model.mode === "embedding" || model.mode === "rerank" || model.mode === "moderation") outputTokens = 0;
  else if (facts.maxOutputTokens !== undefined)
    outputTokens = model.max_output !== undefined ? Math.min(facts.maxOutputTokens, model.max_output) : facts.maxOutputTokens;
  else outputTokens = model.max_output;
  if (outputTokens === undefined) return { unpriced: `${model.id}: the request sets no max_tokens and the catalog has no max_output for it` };

  const inputClasses: (keyof Usage)[] = ["input"];
  if (facts.cacheWrite) inputClasses.push(facts.cacheWrite === "1h" ? "cache_write_1h" : "cache_write");
  const outputClasses: (keyof Usage)[] = ["output"];
  if (version.rates.reasoning !== undefined) outputClasses.push("reasoning");

  // the catalog's own pricing (tiers, batch, service tier, adjustments), its exact scaled total
  // taken as it is: no breakdown, no decimal text, for the one figure admission needs
  const mode: PriceOptions = {};
  if (options.batch) mode.batch = true;
  if (options.tier) mode.tier = options.tier;
  if (options.customer) mode.customer = options.customer;
  if (options.adjustments) mode.adjustments = options.adjustments;
  let best: { call: PricedCall; units: bigint } | undefined;
  let reason = "";
  for (const inClass of inputClasses) {
    for (const outClass of outputClasses) {
      const u = usage({ requests: 1 });
      u[inClass] += facts.promptTokens;
      u[outClass] += outputTokens;
      const r = priceWith(catalog, u, facts.model, options.at, mode);
      if (!r.priced) {
        reason = r.reason;
        continue;
      }
      const units = toUnits(BigInt(r.total), r.scale);
      if (!best || units > best.units) best = { call: r, units };
    }
  }
  if (!best) return { unpriced: reason };
  return { usd: best.call.total_usd, units: best.units, promptTokens: facts.promptTokens, outputTokens, lowerBoundBecause: facts.lowerBoundBecause ?? [] };
}

/** a total in 10^-scale USD as units of 10^-13 USD, rounded up */
function toUnits(scaled: bigint, scale: number): bigint {
  if (scale <= USD_SCALE) return scaled * 10n ** BigInt(USD_SCALE - scale);
  const d = 10n ** BigInt(scale - USD_SCALE);
  return (scaled + d - 1n) / d;
}

/**
 * The maximum cost of a request body (OpenAI chat/responses/completions/embeddings, Anthropic
 * messages), counting its prompt with the model's tokenizer.
 */
export async function maxCost(catalog: Catalog, model: string, body: Record<string, unknown>, options: MaxCostOptions): Promise<MaxCost> {
  const resolved = catalog.resolve(model, options.at);
  if (!resolved.ok) return { unpriced: resolved.reason };
  const { promptTokens, lowerBoundBecause } = await promptTokensOf(model, body, options.provider ?? resolved.model.provider);
  const cacheWrite = options.cacheWrite !== undefined ? (options.cacheWrite ?? undefined) : cacheWriteOf(JSON.stringify(body));
  const facts: TokenFacts = { model, promptTokens, lowerBoundBecause };
  const cap = requestedMaxOutput(body);
  if (cap !== undefined) facts.maxOutputTokens = cap;
  if (cacheWrite) facts.cacheWrite = cacheWrite;
  return maxCostFromTokens(catalog, facts, options);
}

/** a request body's prompt tokens, counted with the model's tokenizer (the upper end where it estimates), and the parts it could not count */
export async function promptTokensOf(
  model: string,
  body: Record<string, unknown>,
  provider?: string,
): Promise<{ promptTokens: number; lowerBoundBecause: string[] }> {
  const { messages, lowerBoundBecause } = promptMessages(body);
  const tools = Array.isArray(body.tools) ? (body.tools as ToolDefinition[]) : undefined;
  const count = await countForModel(messages, { model, ...(provider ? { provider } : {}), ...(tools?.length ? { tools } : {}) });
  for (const u of count.chat?.uncounted ?? []) lowerBoundBecause.push(`message ${u.message} part ${u.part} (${u.type}): ${u.reason}`);
  return { promptTokens: count.exact ? count.tokens : Math.max(count.tokens, count.high ?? count.tokens), lowerBoundBecause };
}

const TEXT_TYPES = new Set(["text", "input_text", "output_text"]);

/** the prompt of any supported body as chat messages, and the parts no offline rule counts */
function promptMessages(body: Record<string, unknown>): { messages: ChatMessage[]; lowerBoundBecause: string[] } {
  const messages: ChatMessage[] = [];
  const lowerBoundBecause: string[] = [];
  const system = body.system ?? body.instructions;
  if (typeof system === "string") messages.push({ role: "system", content: system });
  else if (Array.isArray(system)) messages.push({ role: "system", content: system as ChatMessage["content"] });
  const add = (m: unknown, i: number) => {
    if (typeof m === "string") messages.push({ role: "user", content: m });
    else if (m && typeof m === "object" && typeof (m as ChatMessage).role === "string") {
      const msg = m as ChatMessage;
      if (Array.isArray(msg.content)) {
        msg.content.forEach((p, j) => {
          // OpenAI image parts are counted by the token module (or listed as uncounted there)
          if (!TEXT_TYPES.has(p.type) && p.type !== "image_url" && p.type !== "input_image")
            lowerBoundBecause.push(`message ${i} part ${j} (${p.type}): not counted offline`);
        });
      }
      messages.push(msg);
    } else if (m !== undefined) lowerBoundBecause.push(`input item ${i}: not a message, not counted offline`);
  };
  if (Array.isArray(body.messages)) body.messages.forEach(add);
  const input = body.input ?? body.prompt;
  if (typeof input === "string") add(input, 0);
  else if (Array.isArray(input)) input.forEach(add);
  return { messages, lowerBoundBecause };
}
