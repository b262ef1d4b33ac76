/**
 * What a proxied call used, read from the provider's own answer: the body of a plain response,
 * or the events of a stream as they pass (OpenAI's final usage chunk or `response.completed`;
 * Anthropic's `message_start` + cumulative `message_delta`). Shapes are read by the shared
 * normalisers, so the gateway and the importers agree on every token class.
 */
import { anthropicStreamUsage, isRecord, normalizeUsageDetailed, type JsonObject, type NormalizedUsage, type UsageProvider } from "../usage/normalize/index.js";
import type { Api } from "./upstreams.js";

/** the endpoints the gateway meters; anything else (count_tokens, models…) passes through unmetered */
export type Endpoint = "chat" | "responses" | "embeddings" | "completions" | "messages";

const ENDPOINTS: Readonly<Record<string, readonly [Api, Endpoint]>> = {
  "/v1/chat/completions": ["openai", "chat"],
  "/v1/responses": ["openai", "responses"],
  "/v1/embeddings": ["openai", "embeddings"],
  "/v1/completions": ["openai", "completions"],
  "/v1/messages": ["anthropic", "messages"],
};

/** the metered endpoint a POST path is, if any */
export function endpointOf(path: string): readonly [Api, Endpoint] | undefined {
  const q = path.indexOf("?");
  return ENDPOINTS[q === -1 ? path : path.slice(0, q)];
}

const SHAPE: Readonly<Record<Endpoint, UsageProvider>> = {
  chat: "openai",
  completions: "openai",
  embeddings: "openai",
  responses: "openai-responses",
  messages: "anthropic",
};

/** what the provider said about one call */
export interface Metered {
  /** the provider's id for the call (chatcmpl-…, resp_…, msg_…) */
  id?: string;
  /** the model that answered */
  model?: string;
  usage?: NormalizedUsage;
  rawUsage?: unknown;
  /** the answer asked for tools to be called */
  toolCall: boolean;
  /** generated text seen so far (streams), to estimate output when no usage ever came */
  text: string;
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** the usage of a whole (non-streamed) response body */
export function meterBody(endpoint: Endpoint, body: unknown): Metered {
  const out: Metered = { toolCall: false, text: "" };
  const shape = SHAPE[endpoint];
  if (!isRecord(body)) return out;
  const id = str(body["id"]);
  if (id !== undefined) out.id = id;
  const model = str(body["model"]);
  if (model !== undefined) out.model = model;
  out.toolCall = asksForTools(body);
  const usage = body["usage"];
  if (isRecord(usage)) {
    out.usage = normalizeUsageDetailed(shape, body);
    out.rawUsage = usage;
  }
  return out;
}

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
        if (isRecord(delta) && typeof delta["content"] === "string") m.text += delta["content"];
        if (typeof c["text"] === "string") m.text += c["text"];
      }
    }
    if (isRecord(chunk["usage"])) {
      m.usage = normalizeUsageDetailed("openai", chunk);
      m.rawUsage = chunk["usage"];
      return Array.isArray(choices) && choices.length === 0;
    }
    return false;
  }

  private onResponseEvent(event: JsonObject): void {
    const m = this.metered;
    if (event["type"] === "response.output_text.delta" && typeof event["delta"] === "string") m.text += event["delta"];
    const response = event["response"];
    if (!isRecord(response)) return;
    m.id ??= str(response["id"]);
    m.model ??= str(response["model"]);
    if (isRecord(response["usage"])) {
      m.usage = normalizeUsageDetailed("openai-responses", response);
      m.rawUsage = response["usage"];
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
    if (type === "content_block_delta" && isRecord(event["delta"]) && typeof event["delta"]["text"] === "string") m.text += event["delta"]["text"];
    if (type === "message_delta" && isRecord(event["delta"]) && event["delta"]["stop_reason"] === "tool_use") m.toolCall = true;
    if (type === "message_start" || (type === "message_delta" && isRecord(event["usage"]))) {
      this.anthropicEvents.push(event);
      const usage = anthropicStreamUsage(this.anthropicEvents);
      m.usage = normalizeUsageDetailed("anthropic", usage);
      m.rawUsage = usage;
    }
  }
}
