import type { IncomingHttpHeaders } from "node:http";

/**
 * The simulator's token rule, simple enough to redo by hand in a test.
 *
 * - prompt characters C: the `.length` of every string reached from the prompt through `content`
 *   and `text` fields — chat `messages`; Anthropic `system` + `messages`; Responses `instructions`
 *   + `input`; Completions `prompt`. Tool definitions, tool-call arguments, names, roles and
 *   every other field count nothing.
 * - input (the whole prompt): ceil(C / 4) + 8; header `x-sim-input-tokens: N` replaces it.
 *   Embeddings: ceil(C / 4) over all inputs, no overhead. count_tokens: the same input number.
 * - output: header `x-sim-output-tokens`, else `max_completion_tokens` ?? `max_tokens` ??
 *   `max_output_tokens` ?? 16.
 * - reasoning, inside output: floor(output / 2) for OpenAI models matching /^o\d/ or starting
 *   with `gpt-5`, and for Anthropic requests with `thinking` on (any type but "disabled"); the visible reply is
 *   `output - reasoning` words (a tool call replaces the words but keeps the counts).
 * - cache read: header `x-sim-cached-tokens`, at most input. Cache write: `x-sim-cache-write-tokens`
 *   (5-minute) + `x-sim-cache-write-1h-tokens`, at most what the read left. OpenAI reports them
 *   inside prompt/input tokens; Anthropic reports `input_tokens = input - read - written`.
 */
export interface SimUsage {
  /** the whole prompt, cache reads and writes included */
  input: number;
  cacheRead: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  /** every generated token, reasoning included */
  output: number;
  reasoning: number;
}

export const PROMPT_OVERHEAD = 8;
export const CHARS_PER_TOKEN = 4;
export const DEFAULT_OUTPUT_TOKENS = 16;

/** characters of every string reached through `content` and `text` */
export function textChars(v: unknown): number {
  if (typeof v === "string") return v.length;
  if (Array.isArray(v)) {
    let n = 0;
    for (const x of v) n += textChars(x);
    return n;
  }
  if (v !== null && typeof v === "object") {
    const o = v as { text?: unknown; content?: unknown };
    return textChars(o.text) + textChars(o.content);
  }
  return 0;
}

/** a non-negative integer header, or undefined */
export function headerInt(headers: IncomingHttpHeaders, name: string): number | undefined {
  const raw = headers[name];
  if (typeof raw !== "string") return undefined;
  const n = Number.parseInt(raw, 10);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

function positiveInt(v: unknown): number | undefined {
  return typeof v === "number" && Number.isInteger(v) && v > 0 ? v : undefined;
}

/** the output budget a request asks for */
export function requestedOutput(body: Record<string, unknown>): number {
  return positiveInt(body["max_completion_tokens"]) ?? positiveInt(body["max_tokens"]) ?? positiveInt(body["max_output_tokens"]) ?? DEFAULT_OUTPUT_TOKENS;
}

/** whether an OpenAI model name reasons (o1, o3-mini, o4-mini, gpt-5, gpt-5-mini, …) */
export function isReasoningModel(model: string): boolean {
  return model.startsWith("gpt-5") || /^o\d/.test(model);
}

/** usage for a prompt of `chars` characters, by the rule above */
export function simUsage(headers: IncomingHttpHeaders, chars: number, body: Record<string, unknown>, reasons: boolean): SimUsage {
  const input = headerInt(headers, "x-sim-input-tokens") ?? Math.ceil(chars / CHARS_PER_TOKEN) + PROMPT_OVERHEAD;
  const output = headerInt(headers, "x-sim-output-tokens") ?? requestedOutput(body);
  const cacheRead = Math.min(headerInt(headers, "x-sim-cached-tokens") ?? 0, input);
  const cacheWrite5m = Math.min(headerInt(headers, "x-sim-cache-write-tokens") ?? 0, input - cacheRead);
  const cacheWrite1h = Math.min(headerInt(headers, "x-sim-cache-write-1h-tokens") ?? 0, input - cacheRead - cacheWrite5m);
  return { input, cacheRead, cacheWrite5m, cacheWrite1h, output, reasoning: reasons ? Math.floor(output / 2) : 0 };
}

const VOCABULARY = ["lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit"];

/** the most words a reply carries, whatever the usage says (a max_tokens of 1e308 is still counted as asked) */
export const MAX_REPLY_WORDS = 4096;

/** the reply: `n` words (at most MAX_REPLY_WORDS), cycling through a fixed vocabulary */
export function replyWords(wanted: number): string[] {
  const n = Math.min(wanted, MAX_REPLY_WORDS);
  const words = new Array<string>(n);
  for (let i = 0; i < n; i++) words[i] = VOCABULARY[i % VOCABULARY.length]!;
  return words;
}

/** the reply cut into at most 64 stream deltas, each but the first led by a space */
export function replyDeltas(wanted: number): string[] {
  const words = replyWords(wanted);
  const n = words.length;
  const per = Math.max(1, Math.ceil(n / 64));
  const deltas: string[] = [];
  for (let i = 0; i < n; i += per) deltas.push((i === 0 ? "" : " ") + words.slice(i, i + per).join(" "));
  return deltas;
}

/** a JSON string cut into three pieces, the way tool arguments arrive in a stream */
export function splitArguments(json: string): string[] {
  const third = Math.ceil(json.length / 3);
  const parts: string[] = [];
  for (let i = 0; i < json.length; i += third) parts.push(json.slice(i, i + third));
  return parts.length > 0 ? parts : [""];
}
