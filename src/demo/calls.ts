/**
 * One synthetic LLM call: how its prompt splits across the cache classes, how much it reasons,
 * how it can fail, and how long it takes. Pure functions of a random stream and a recipe.
 */
import type { CallStatus } from "../usage/event.js";
import { usage, type Usage } from "../usage/usage.js";
import type { ModelProfile } from "./models.js";
import type { Rng } from "../shared/random.js";

/** providers cache nothing shorter than this (OpenAI, Anthropic Sonnet, Gemini Flash all ~1,024) */
const MIN_CACHEABLE = 1024;
/** OpenAI and Gemini report cache hits in whole 128-token blocks */
const CACHE_BLOCK = 128;

export interface CacheState {
  /** the prefix is already in the provider's cache */
  hit: boolean;
  /** tokens at the start of the prompt that are (or become) cached */
  prefix: number;
  ttl: "5m" | "1h";
}

/**
 * Splits a prompt into uncached input, cache reads and cache writes, the way the model's
 * provider bills them.
 *
 * @example
 * splitPrompt(rng, MODELS["gpt-4o-mini"]!, 3000, { hit: true, prefix: 2000, ttl: "5m" });
 * // { input: 1080, cached_input: 1920 }  (15 whole blocks of 128)
 */
export function splitPrompt(rng: Rng, profile: ModelProfile, prompt: number, cache: CacheState | undefined): Partial<Usage> {
  if (!cache || profile.cache === "none" || prompt < MIN_CACHEABLE) return { input: prompt };
  const prefix = Math.min(cache.prefix, prompt);
  if (profile.cache === "automatic") {
    if (!cache.hit || prefix < MIN_CACHEABLE) return { input: prompt };
    const cached = Math.floor(prefix / CACHE_BLOCK) * CACHE_BLOCK;
    return { input: prompt - cached, cached_input: cached };
  }
  // explicit (anthropic): a miss writes the prefix; a hit reads it and often extends the cache
  const writeField = cache.ttl === "1h" ? "cache_write_1h" : "cache_write";
  if (!cache.hit) return { input: prompt - prefix, [writeField]: prefix };
  const rest = prompt - prefix;
  const written = rng.chance(0.5) ? Math.round(rest * rng.uniform(0.3, 0.8)) : 0;
  return { input: rest - written, cached_input: prefix, ...(written > 0 ? { [writeField]: written } : {}) };
}

/** reasoning tokens for a visible answer of `output` tokens (0 for models that do not think) */
export function reasoningFor(rng: Rng, profile: ModelProfile, output: number, effort: number): number {
  if (profile.reasoningRatio === undefined || output === 0) return 0;
  return Math.round(output * rng.logNormal(profile.reasoningRatio * effort, 0.6));
}

export type Outcome = "ok" | "rate_limited" | "server_error" | "timeout" | "cancelled";

export function statusOf(outcome: Outcome): CallStatus {
  return outcome === "ok" ? "ok" : outcome === "cancelled" ? "cancelled" : "error";
}

/** a failed call's kind: most are throttles, some 5xx, a few streams cut off by the client */
export function failure(rng: Rng): Outcome {
  return (["rate_limited", "server_error", "timeout"] as const)[rng.weighted([5, 3, 2])]!;
}

export interface CallShape {
  prompt: number;
  output: number;
  reasoning: number;
  cache: CacheState | undefined;
}

export interface BuiltCall {
  usage: Usage;
  latencyMs?: number;
  ttftMs?: number;
}

/**
 * The usage and timings of one call with the given outcome. Throttled and 5xx calls bill
 * nothing; a timed-out or cancelled stream bills its prompt and the part it generated.
 */
export function buildCall(rng: Rng, profile: ModelProfile, shape: CallShape, outcome: Outcome, batch: boolean): BuiltCall {
  if (outcome === "rate_limited") return { usage: usage({ requests: 1 }), latencyMs: Math.round(rng.uniform(40, 260)) };
  if (outcome === "server_error") return { usage: usage({ requests: 1 }), latencyMs: Math.round(rng.uniform(300, 4000)) };

  let { output, reasoning } = shape;
  if (outcome === "timeout" || outcome === "cancelled") {
    // the cut comes after the thinking, part-way through the visible answer
    output = Math.floor(output * rng.uniform(0.05, 0.7));
  }
  const u = usage({ ...splitPrompt(rng, profile, shape.prompt, shape.cache), output, reasoning, requests: 1 });
  if (batch) return { usage: u };
  if (profile.ttftMs === null) {
    // embeddings answer in one piece, no stream
    return { usage: u, latencyMs: Math.round(rng.logNormal(60, 0.3) + shape.prompt * 0.01) };
  }
  const perToken = 1000 / profile.tokensPerSecond;
  const ttft = profile.ttftMs * rng.logNormal(1, 0.35) + shape.prompt * 0.015 + reasoning * perToken;
  const generation = output * perToken * rng.logNormal(1, 0.2);
  const latency = outcome === "timeout" ? 60_000 + rng.uniform(0, 400) : ttft + generation;
  return { usage: u, latencyMs: Math.round(latency), ttftMs: Math.round(Math.min(ttft, latency)) };
}
