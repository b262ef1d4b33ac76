/**
 * The canonical record of what one call consumed.
 *
 * Token classes are disjoint: a token is counted in exactly one of them, whatever the
 * provider's own convention was. Normalisers (`./normalize/`) convert provider usage objects
 * into this shape at the edge; everything downstream (pricing, ledger, reports) reads only this.
 */
export interface Usage {
  /** uncached input (prompt) text tokens */
  input: number;
  /** input tokens served from the prompt cache */
  cached_input: number;
  /** input tokens written to the cache with the default (5-minute) lifetime */
  cache_write: number;
  /** input tokens written to the cache with the 1-hour lifetime */
  cache_write_1h: number;
  /** visible output tokens, reasoning excluded */
  output: number;
  /** reasoning ("thinking") output tokens */
  reasoning: number;
  /** audio input tokens (not in `input`) */
  audio_input: number;
  /** audio output tokens (not in `output`) */
  audio_output: number;
  /** images generated (or billed per image) */
  images: number;
  /** seconds of audio billed per second (transcription) */
  audio_seconds: number;
  /** web-search / grounding calls billed per query */
  web_searches: number;
  /** requests billed per request (usually 1 per call) */
  requests: number;
}

export type UsageField = keyof Usage;

/** the classes billed per token, in display order */
export const TOKEN_CLASSES = [
  "input",
  "cached_input",
  "cache_write",
  "cache_write_1h",
  "output",
  "reasoning",
  "audio_input",
  "audio_output",
] as const satisfies readonly UsageField[];
export type TokenClass = (typeof TOKEN_CLASSES)[number];

/** the quantities billed per unit (a fee each) */
export const UNIT_CLASSES = ["images", "audio_seconds", "web_searches", "requests"] as const satisfies readonly UsageField[];
export type UnitClass = (typeof UNIT_CLASSES)[number];

export const USAGE_FIELDS: readonly UsageField[] = [...TOKEN_CLASSES, ...UNIT_CLASSES];

/** an all-zero usage, optionally with some fields set */
export function usage(partial: Partial<Usage> = {}): Usage {
  return {
    input: 0,
    cached_input: 0,
    cache_write: 0,
    cache_write_1h: 0,
    output: 0,
    reasoning: 0,
    audio_input: 0,
    audio_output: 0,
    images: 0,
    audio_seconds: 0,
    web_searches: 0,
    requests: 0,
    ...partial,
  };
}

/** all input tokens the model read for this call (the prompt size that long-context tiers test) */
export function promptTokens(u: Usage): number {
  return u.input + u.cached_input + u.cache_write + u.cache_write_1h + u.audio_input;
}

/** all tokens the model generated */
export function completionTokens(u: Usage): number {
  return u.output + u.reasoning + u.audio_output;
}

export function totalTokens(u: Usage): number {
  return promptTokens(u) + completionTokens(u);
}

/** field-wise sum */
export function addUsage(a: Usage, b: Usage): Usage {
  const out = usage();
  for (const f of USAGE_FIELDS) out[f] = a[f] + b[f];
  return out;
}
