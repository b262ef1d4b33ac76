import { failAnthropic, failAnthropicStatus } from "./errors.js";
import { reportedUsage } from "./misbehave.js";
import { replyDeltas, replyWords, simUsage, splitArguments, textChars, type SimUsage } from "./tokens.js";
import { chosenTool } from "./tools.js";
import { sendJson, sendStream, sseEvent, type SimCall, type SimDialect } from "./wire.js";

/** the text deltas a stream sends (after message_start) before `cut-stream` destroys the socket */
const CUT_AFTER_DELTAS = 3;
const THINKING = "Simulated reasoning.";
const SIGNATURE = "c2ltdWxhdGVkLXNpZ25hdHVyZQ==";

/** the models GET /v1/models lists for Anthropic clients (any other name is accepted too) */
export const ANTHROPIC_MODELS = ["claude-opus-4-7", "claude-sonnet-4-6", "claude-haiku-4-5"];

type Json = Record<string, unknown>;

/** content_block_start's empty block per type; tool_use starts as itself with `input: {}` */
const OPENING: Record<string, Json> = {
  text: { type: "text", text: "" },
  thinking: { type: "thinking", thinking: "", signature: "" },
};

function promptChars(body: Json): number {
  return textChars(body["system"]) + textChars(body["messages"]);
}

function thinkingEnabled(body: Json): boolean {
  const t = body["thinking"] as { type?: unknown } | null | undefined;
  return typeof t?.type === "string" && t.type !== "disabled";
}

/** Messages `usage`: input_tokens excludes cache reads and writes, output_tokens includes thinking */
export function anthropicUsage(u: SimUsage): Json {
  const usage: Json = {
    input_tokens: u.input - u.cacheRead - u.cacheWrite5m - u.cacheWrite1h,
    cache_creation_input_tokens: u.cacheWrite5m + u.cacheWrite1h,
    cache_read_input_tokens: u.cacheRead,
    cache_creation: { ephemeral_5m_input_tokens: u.cacheWrite5m, ephemeral_1h_input_tokens: u.cacheWrite1h },
    output_tokens: u.output,
    service_tier: "standard",
    inference_geo: "not_available",
  };
  if (u.reasoning > 0) usage["output_tokens_details"] = { thinking_tokens: u.reasoning };
  return usage;
}

function validate(call: SimCall, needsMaxTokens: boolean): string | undefined {
  const { model, messages, max_tokens } = call.body;
  if (typeof model !== "string" || model === "") return void failAnthropic(call, "bad-request", "model: Field required");
  if (!Array.isArray(messages)) return void failAnthropic(call, "bad-request", "messages: Field required");
  if (needsMaxTokens && (typeof max_tokens !== "number" || max_tokens < 1)) {
    return void failAnthropic(call, "bad-request", "max_tokens: Field required");
  }
  return model;
}

/** POST /v1/messages, non-streaming and streaming */
export function messages(call: SimCall): void {
  const model = validate(call, true);
  if (model === undefined) return;
  const body = call.body;
  const u = simUsage(call.headers, promptChars(body), body, thinkingEnabled(body));
  const tool = chosenTool(body);
  const text = replyWords(u.output - u.reasoning).join(" ");
  const content: Json[] = [];
  if (u.reasoning > 0) content.push({ type: "thinking", thinking: THINKING, signature: SIGNATURE });
  if (tool) content.push({ type: "tool_use", id: `toolu_${call.id}`, name: tool.name, input: JSON.parse(tool.arguments) });
  else content.push({ type: "text", text });
  const stopReason = tool ? "tool_use" : "end_turn";
  const message = (blocks: Json[], stop: string | null, usage: unknown) => ({
    model,
    id: `msg_${call.id}`,
    type: "message",
    role: "assistant",
    content: blocks,
    stop_reason: stop,
    stop_sequence: null,
    stop_details: null,
    usage,
  });
  const headers = { "request-id": `req_${call.id}` };
  const usage = anthropicUsage(u);
  if (body["stream"] !== true) return sendJson(call, 200, headers, message(content, stopReason, reportedUsage(call, usage)));

  const events: string[] = [];
  const emit = (type: string, payload: Json = {}) => events.push(sseEvent(type, { type, ...payload }));
  const startUsage = { ...usage, output_tokens: 1, output_tokens_details: undefined };
  emit("message_start", { message: message([], null, reportedUsage(call, startUsage)) });
  let cutAt = events.length;
  content.forEach((block, index) => {
    const delta = (d: Json) => emit("content_block_delta", { index, delta: d });
    emit("content_block_start", { index, content_block: OPENING[String(block["type"])] ?? { ...block, input: {} } });
    if (index === 0) emit("ping");
    if (block["type"] === "thinking") {
      delta({ type: "thinking_delta", thinking: THINKING });
      delta({ type: "signature_delta", signature: SIGNATURE });
    } else {
      cutAt = events.length + CUT_AFTER_DELTAS;
      if (tool) for (const partial_json of splitArguments(tool.arguments)) delta({ type: "input_json_delta", partial_json });
      else for (const text of replyDeltas(u.output - u.reasoning)) delta({ type: "text_delta", text });
    }
    emit("content_block_stop", { index });
  });
  const { input_tokens, cache_creation_input_tokens, cache_read_input_tokens, output_tokens, output_tokens_details } = usage;
  emit("message_delta", {
    delta: { stop_reason: stopReason, stop_sequence: null },
    usage: reportedUsage(call, { input_tokens, cache_creation_input_tokens, cache_read_input_tokens, output_tokens, output_tokens_details }),
  });
  emit("message_stop");
  sendStream(call, headers, events, cutAt);
}

/** POST /v1/messages/count_tokens → {"input_tokens": N}, the whole prompt by the same rule */
export function countTokens(call: SimCall): void {
  if (validate(call, false) === undefined) return;
  const u = simUsage(call.headers, promptChars(call.body), call.body, false);
  sendJson(call, 200, { "request-id": `req_${call.id}` }, { input_tokens: u.input });
}

/** GET /v1/models with an `anthropic-version` header */
export function anthropicModels(call: SimCall): void {
  const data = ANTHROPIC_MODELS.map((id) => ({ type: "model", id, display_name: id, created_at: "2025-09-29T00:00:00Z" }));
  const page = { data, has_more: false, first_id: data[0]!.id, last_id: data[data.length - 1]!.id };
  sendJson(call, 200, { "request-id": `req_${call.id}` }, page);
}

/** POST /v1/messages/batches: the batch, in_progress, counting its requests */
export function createMessageBatch(call: SimCall): void {
  const requests = call.body["requests"];
  if (!Array.isArray(requests) || requests.length === 0) return failAnthropic(call, "bad-request", "requests: Field required");
  const created = new Date().toISOString();
  sendJson(
    call,
    200,
    { "request-id": `req_${call.id}` },
    {
      id: `msgbatch_${call.id}`,
      type: "message_batch",
      processing_status: "in_progress",
      request_counts: { processing: requests.length, succeeded: 0, errored: 0, canceled: 0, expired: 0 },
      ended_at: null,
      created_at: created,
      expires_at: created,
      cancel_initiated_at: null,
      results_url: null,
    },
  );
}

/**
 * Anthropic: `x-api-key: <providerKey>` or `Authorization: Bearer <providerKey>` (what
 * @anthropic-ai/sdk 1.x sends for `apiKey`), and an `anthropic-version` header.
 */
export const anthropic: SimDialect = {
  authenticate(call, providerKey) {
    const h = call.headers;
    if (h["x-api-key"] !== providerKey && h.authorization !== `Bearer ${providerKey}`) {
      const missing = h["x-api-key"] === undefined && h.authorization === undefined;
      failAnthropic(call, "authentication", missing ? "x-api-key header is required" : undefined);
      return false;
    }
    if (h["anthropic-version"] === undefined) {
      failAnthropic(call, "bad-request", "anthropic-version: header is required");
      return false;
    }
    return true;
  },
  fail: failAnthropic,
  failStatus: failAnthropicStatus,
  routes: {
    "POST /v1/messages": messages,
    "POST /v1/messages/count_tokens": countTokens,
    "POST /v1/messages/batches": createMessageBatch,
    "GET /v1/models": anthropicModels,
  },
};
