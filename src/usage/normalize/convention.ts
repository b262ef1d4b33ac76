/**
 * Token conventions as data, and the one function that applies them.
 *
 * Providers disagree about which of their reported numbers contain which others (OpenAI's
 * `prompt_tokens` contains the cached tokens, Anthropic's `input_tokens` does not). Each adapter
 * states its provider's rules in a `TokenConvention` and extracts the raw numbers as reported;
 * `applyConvention` alone turns them into disjoint `Usage` classes, so no shared code ever
 * branches on a provider name.
 */
import { usage, type Usage } from "../usage.js";

/** which reported totals already contain which detail counts */
export interface TokenConvention {
  /** identifies the convention in results and error messages, e.g. "openai-chat" */
  name: string;
  /** reported input contains the cache-read tokens (openai, gemini, otel: yes; anthropic: no) */
  inputIncludesCacheRead: boolean;
  /** reported input contains the cache-write tokens (both lifetimes) */
  inputIncludesCacheWrite: boolean;
  /** reported input contains the audio input tokens */
  inputIncludesAudio: boolean;
  /** reported output contains the reasoning tokens (openai: yes; gemini: no, thoughts are separate) */
  outputIncludesReasoning: boolean;
  /** reported output contains the audio output tokens */
  outputIncludesAudio: boolean;
}

/** a provider's numbers as it reported them, before any convention is applied */
export interface RawCounts {
  /** the provider's input total (whatever it contains, per the convention) */
  input: number;
  cacheRead: number;
  /** cache writes with the default (5-minute) lifetime */
  cacheWrite5m: number;
  cacheWrite1h: number;
  audioInput: number;
  /** the provider's output total (whatever it contains, per the convention) */
  output: number;
  reasoning: number;
  audioOutput: number;
  images: number;
  audioSeconds: number;
  webSearches: number;
  requests: number;
  /** the provider's own grand total, when it reports one (kept for cross-checks) */
  reportedTotal?: number | undefined;
}

/**
 * A `RawCounts` with every count 0 except those given.
 *
 * @example
 * rawCounts({ input: 2006, cacheRead: 1920, output: 300, requests: 1 });
 */
export function rawCounts(partial: Partial<RawCounts> = {}): RawCounts {
  return {
    input: 0,
    cacheRead: 0,
    cacheWrite5m: 0,
    cacheWrite1h: 0,
    audioInput: 0,
    output: 0,
    reasoning: 0,
    audioOutput: 0,
    images: 0,
    audioSeconds: 0,
    webSearches: 0,
    requests: 0,
    ...partial,
  };
}

/** `total` minus the parts it contains; an inconsistent report is an error, never a negative count */
function remainder(total: number, parts: ReadonlyArray<readonly [string, number]>, what: string, convention: string): number {
  const included = parts.filter(([, n]) => n > 0);
  const rest = included.reduce((left, [, n]) => left - n, total);
  if (rest >= 0) return rest;
  const listed = included.map(([label, n]) => `${label} ${n}`).join(" + ");
  throw new Error(`${convention}: reported ${what} ${total} is smaller than the parts it should contain (${listed}); the usage object is inconsistent`);
}

/**
 * Turns a provider's raw numbers into disjoint `Usage` classes under its convention.
 *
 * @throws Error when a reported total is smaller than the detail counts it should contain
 * @example
 * // openai chat: prompt 2006 contains cached 1920, so 86 are uncached
 * applyConvention(rawCounts({ input: 2006, cacheRead: 1920, output: 300, requests: 1 }), openaiChatConvention);
 * // => { input: 86, cached_input: 1920, output: 300, requests: 1, ...zeros }
 */
export function applyConvention(raw: RawCounts, convention: TokenConvention): Usage {
  const input = remainder(
    raw.input,
    [
      ["cache read", convention.inputIncludesCacheRead ? raw.cacheRead : 0],
      ["cache write (5m)", convention.inputIncludesCacheWrite ? raw.cacheWrite5m : 0],
      ["cache write (1h)", convention.inputIncludesCacheWrite ? raw.cacheWrite1h : 0],
      ["audio", convention.inputIncludesAudio ? raw.audioInput : 0],
    ],
    "input",
    convention.name,
  );
  const output = remainder(
    raw.output,
    [
      ["reasoning", convention.outputIncludesReasoning ? raw.reasoning : 0],
      ["audio", convention.outputIncludesAudio ? raw.audioOutput : 0],
    ],
    "output",
    convention.name,
  );
  return usage({
    input,
    cached_input: raw.cacheRead,
    cache_write: raw.cacheWrite5m,
    cache_write_1h: raw.cacheWrite1h,
    output,
    reasoning: raw.reasoning,
    audio_input: raw.audioInput,
    audio_output: raw.audioOutput,
    images: raw.images,
    audio_seconds: raw.audioSeconds,
    web_searches: raw.webSearches,
    requests: raw.requests,
  });
}

/** one provider shape: how to read its raw numbers, and the convention they follow */
export interface UsageAdapter {
  convention: TokenConvention;
  /** reads the provider object defensively; throws naming the field path on a wrong type */
  extract(obj: unknown): RawCounts;
}
