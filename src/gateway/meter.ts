/**
 * What a proxied call used, read from the provider's own answer: the body of a plain response,
 * or the events of a stream as they pass (OpenAI's final usage chunk or `response.completed`;
 * Anthropic's `message_start` + cumulative `message_delta`). Shapes are read by the shared
 * normalisers, so the gateway and the importers agree on every token class.
 */
import { anthropicStreamUsage, normalizeUsageDetailed, type NormalizedUsage, type UsageProvider } from "../usage/normalize/index.js";
import { isRecord, type JsonObject } from "../shared/json.js";
import { usage as emptyUsage, USAGE_FIELDS } from "../usage/usage.js";
import type { Endpoint } from "./routes.js";

export type { Endpoint } from "./routes.js";

const SHAPE: Readonly<Partial<Record<Endpoint, UsageProvider>>> = {
  chat: "openai",
  completions: "openai",
  embeddings: "openai",
  responses: "openai-responses",
  messages: "anthropic",
};

/** whether an endpoint's answer carries a provider usage object (JSON body or stream) for the meter to read */
export function readsUsageObject(endpoint: Endpoint): boolean {
  return SHAPE[endpoint] !== undefined;
}

/** more than any context window holds: a count above it is an upstream's garbage, not a call */
const MAX_TOKENS_PER_CALL = 100_000_000;

/** what the provider said about one call */
export interface Metered {
  /** the provider's id for the call (chatcmpl-…, resp_…, msg_…) */
  id?: string;
  /** the model that answered */
  model?: string;
  usage?: NormalizedUsage;
  rawUsage?: unknown;
  /** why the provider's usage could not be trusted (negative, fractional, not a number, inconsistent); kept raw, counted by the tokenizer */
  usageInvalid?: string;
  /** the answer asked for tools to be called */
  toolCall: boolean;
  /** generated text seen so far (streams), to estimate output when no usage ever came */
  text: string;
}

/** the text kept to estimate output from: enough for any answer, bounded against a runaway stream */
const MAX_TEXT_CHARS = 4 << 20;
const addText = (m: Metered, t: string): void => {
  if (m.text.length < MAX_TEXT_CHARS) m.text += t;
};

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/**
 * Reads a usage object into `m`, never throwing: a malformed one is kept raw and marked invalid.
 *
 * @example
 * readUsage(m, "openai", { usage: { prompt_tokens: -1000 } }, { prompt_tokens: -1000 });
 * m.usageInvalid; // "usage.prompt_tokens: expected a non-negative integer, got -1000"
 */
function readUsage(m: Metered, shape: UsageProvider, body: unknown, raw: unknown): void {
  m.rawUsage = raw;
  try {
    const normalized = normalizeUsageDetailed(shape, body);
    const huge = USAGE_FIELDS.find((f) => normalized.usage[f] > MAX_TOKENS_PER_CALL);
    if (huge !== undefined) throw new Error(`${huge}: ${normalized.usage[huge]} is more than any call uses`);
    m.usage = normalized;
    delete m.usageInvalid;
  } catch (e) {
    delete m.usage;
    m.usageInvalid = (e as Error).message;
  }
}

/** the usage of a whole (non-streamed) response body */
export function meterBody(endpoint: Endpoint, body: unknown): Metered {
  const out: Metered = { toolCall: false, text: "" };
  if (!isRecord(body)) return out;
  const id = str(body["id"]);
  if (id !== undefined) out.id = id;
  const model = str(body["model"]);
  if (model !== undefined) out.model = model;
  out.toolCall = asksForTools(body);
  const shape = SHAPE[endpoint];
  const usage = body["usage"];
  if (shape !== undefined && usage !== undefined && usage !== null) readUsage(out, shape, body, usage);
  else if (endpoint === "images") meterImages(out, body);
  else if (endpoint === "transcription") meterTranscription(out, body);
  // the tokenizer counts the answer instead of the provider's usage
  if (out.usageInvalid !== undefined) out.text = answerText(body);
  return out;
}

/** the generated text of a chat, completions, responses or messages body */
function answerText(body: JsonObject): string {
  const parts: string[] = [];
  const texts = (items: unknown, pick: (item: JsonObject) => unknown): void => {
    if (!Array.isArray(items)) return;
    for (const item of items)
      if (isRecord(item)) {
        const t = pick(item);
        if (typeof t === "string") parts.push(t);
      }
  };
  texts(body["choices"], (c) => (isRecord(c["message"]) ? c["message"]["content"] : c["text"]));
  texts(body["content"], (c) => c["text"]);
  if (Array.isArray(body["output"])) for (const o of body["output"]) if (isRecord(o)) texts(o["content"], (c) => c["text"]);
  return parts.join("");
}

/** images made: `data` holds one item per image; GPT Image also reports its tokens */
function meterImages(m: Metered, body: JsonObject): void {
  const images = Array.isArray(body["data"]) ? body["data"].length : 0;
  const u = body["usage"];
  m.rawUsage = u ?? { images };
  const input = isRecord(u) ? u["input_tokens"] : 0;
  const output = isRecord(u) ? u["output_tokens"] : 0;
  if (!isCount(input) || !isCount(output)) {
    m.usageInvalid = `usage: expected non-negative integer input_tokens and output_tokens, got ${JSON.stringify(u)}`;
    return;
  }
  m.usage = { provider: "openai", convention: "openai-images", usage: emptyUsage({ input, output, images, requests: 1 }), reportedTotal: undefined };
}

/** a transcription: billed by audio seconds (Whisper) or by tokens (GPT-4o transcribe) */
function meterTranscription(m: Metered, body: JsonObject): void {
  const u = isRecord(body["usage"]) ? body["usage"] : undefined;
  m.rawUsage = u ?? (body["duration"] !== undefined ? { duration: body["duration"] } : null);
  const seconds = u?.["type"] === "duration" ? u["seconds"] : u === undefined ? body["duration"] : undefined;
  if (seconds !== undefined) {
    if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds < 0)
      return void (m.usageInvalid = `usage.seconds: expected a non-negative number, got ${JSON.stringify(seconds)}`);
    m.usage = {
      provider: "openai",
      convention: "openai-audio",
      usage: emptyUsage({ audio_seconds: Math.ceil(seconds), requests: 1 }),
      reportedTotal: undefined,
    };
    return;
  }
  if (u === undefined) return;
  const details = isRecord(u["input_token_details"]) ? u["input_token_details"] : {};
  const audio = details["audio_tokens"] ?? 0;
  const text = details["text_tokens"] ?? (typeof u["input_tokens"] === "number" && typeof audio === "number" ? u["input_tokens"] - audio : u["input_tokens"]);
  const output = u["output_tokens"] ?? 0;
  if (!isCount(audio) || !isCount(text) || !isCount(output))
    return void (m.usageInvalid = `usage: expected non-negative integer token counts, got ${JSON.stringify(u)}`);
  m.usage = {
    provider: "openai",
    convention: "openai-audio",
    usage: emptyUsage({ input: text, audio_input: audio, output, requests: 1 }),
    reportedTotal: undefined,
  };
}

const isCount = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v) && v >= 0 && v <= MAX_TOKENS_PER_CALL;

/** did a body (or a stream's final state) stop to call tools */
function asksForTools(body: JsonObject): boolean {
  if (body["stop_reason"] === "tool_use") return true;
  const choices = body["choices"];
  if (Array.isArray(choices)) return choices.some((c) => isRecord(c) && (c["finish_reason"] === "tool_calls" || c["finish_reason"] === "function_call"));
  const output = body["output"];
  return Array.isArray(output) && output.some((o) => isRecord(o) && o["type"] === "function_call");
}

/**
 * Reads a stream's events as they pass. `usageOnly` tells the proxy which events it added
 * itself (OpenAI's usage chunk when the client did not ask for it) so it can hold them back.
 */
export class StreamMeter {
  private readonly anthropicEvents: unknown[] = [];
  readonly metered: Metered = { toolCall: false, text: "" };

  constructor(private readonly endpoint: Endpoint) {}

  /**
   * One event's data; returns true when it is a usage-only chunk (no choices, only usage).
   * Data that is not JSON (`[DONE]`) is ignored.
   */
  onData(data: string): boolean {
    if (data === "[DONE]") return false;
    let event: unknown;
    try {
      event = JSON.parse(data);
    } catch {
      return false;
    }
    if (!isRecord(event)) return false;
    switch (this.endpoint) {
      case "chat":
      case "completions":
        return this.onChatChunk(event);
      case "responses":
        this.onResponseEvent(event);
        return false;
      case "messages":
        this.onMessageEvent(event);
        return false;
      default:
        return false;
    }
  }

  private onChatChunk(chunk: JsonObject): boolean {
    const m = this.metered;
    m.id ??= str(chunk["id"]);
    m.model ??= str(chunk["model"]);
    const choices = chunk["choices"];
    if (Array.isArray(choices)) {
      for (const c of choices) {
        if (!isRecord(c)) continue;
        if (c["finish_reason"] === "tool_calls" || c["finish_reason"] === "function_call") m.toolCall = true;
        const delta = c["delta"];
        if (isRecord(delta) && typeof delta["content"] === "string") addText(m, delta["content"]);
        if (typeof c["text"] === "string") addText(m, c["text"]);
      }
    }
    const u = chunk["usage"];
    if (u !== undefined && u !== null) {
      readUsage(m, "openai", chunk, u);
      return Array.isArray(choices) && choices.length === 0;
    }
    return false;
  }

  private onResponseEvent(event: JsonObject): void {
    const m = this.metered;
    if (event["type"] === "response.output_text.delta" && typeof event["delta"] === "string") addText(m, event["delta"]);
    const response = event["response"];
    if (!isRecord(response)) return;
    m.id ??= str(response["id"]);
    m.model ??= str(response["model"]);
    const u = response["usage"];
    if (u !== undefined && u !== null) {
      readUsage(m, "openai-responses", response, u);
      m.toolCall = asksForTools(response);
    }
  }

  private onMessageEvent(event: JsonObject): void {
    const m = this.metered;
    const type = event["type"];
    if (type === "message_start" && isRecord(event["message"])) {
      m.id ??= str(event["message"]["id"]);
      m.model ??= str(event["message"]["model"]);
    }
    if (type === "content_block_delta" && isRecord(event["delta"]) && typeof event["delta"]["text"] === "string") addText(m, event["delta"]["text"]);
    if (type === "message_delta" && isRecord(event["delta"]) && event["delta"]["stop_reason"] === "tool_use") m.toolCall = true;
    if (type === "message_start" || (type === "message_delta" && isRecord(event["usage"]))) {
      this.anthropicEvents.push(event);
      let usage: unknown;
      try {
        usage = anthropicStreamUsage(this.anthropicEvents);
      } catch (e) {
        m.rawUsage = this.anthropicEvents.map((x) => (isRecord(x) ? (x["usage"] ?? (isRecord(x["message"]) ? x["message"]["usage"] : undefined)) : undefined));
        m.usageInvalid = (e as Error).message;
        return;
      }
      readUsage(m, "anthropic", usage, usage);
    }
  }
}
