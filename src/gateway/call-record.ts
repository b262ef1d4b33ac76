/**
 * One proxied call → the canonical usage record: who (the virtual key's scope, refined by
 * `x-tokenomics-*` headers), what (the provider's usage, or a tokenizer estimate when a stream
 * was cut before the usage came or the usage was garbage), and how it went (status, upstream
 * HTTP status, latency, time to first byte, retry). Every call is its own event: the id is the
 * gateway's, and the provider's id is kept beside it, since some upstreams repeat theirs.
 */
import type { IncomingHttpHeaders } from "node:http";
import { countForModel, countPrompt, promptPrefixes } from "../tokens/index.js";
import type { Attribution, CallStatus, InteractionRef, RequestFacts, UsageRecord } from "../usage/event.js";
import { isRecord, type JsonObject } from "../shared/json.js";
import { usage, type Usage } from "../usage/usage.js";
import { headerText, MAX_VALUE_CHARS } from "./attribution-headers.js";
import type { Endpoint, Metered } from "./meter.js";
import type { Api, Upstream } from "./upstreams.js";

export interface CallFacts {
  api: Api;
  upstream: Upstream;
  endpoint: Endpoint;
  /** who the call is for (the key's scope, then the headers) */
  attribution: Attribution;
  headers: IncomingHttpHeaders;
  requestBody: JsonObject | undefined;
  model: string | undefined;
  /** epoch ms when the request arrived */
  startedAt: number;
  /** the gateway's own id for the call, unique whatever the upstream answers */
  callId: string;
}

export interface CallOutcome {
  status: number;
  outcome: CallStatus;
  latencyMs: number;
  ttftMs?: number;
}

/** the endpoints whose prompt a provider can cache: their prefixes are hashed (see tokens/prefixes.ts) */
const PROMPT_ENDPOINTS = new Set<Endpoint>(["chat", "messages", "responses"]);

function interactionOf(headers: IncomingHttpHeaders, toolCall: boolean): InteractionRef {
  const out: InteractionRef = {};
  const trace = headerText(headers, "x-tokenomics-trace-id");
  if (trace !== undefined) out.trace_id = trace.slice(0, MAX_VALUE_CHARS);
  // the OpenAI and Anthropic SDKs number their automatic retries
  const retries = Number(headerText(headers, "x-stainless-retry-count") ?? 0);
  if (Number.isSafeInteger(retries) && retries >= 0) {
    out.attempt = retries + 1;
    out.is_retry = retries > 0;
  }
  if (toolCall) out.is_tool_call = true;
  return out;
}

/**
 * The record for a finished call. Synchronous when the provider reported usage; a promise when
 * the usage must be counted with the tokenizer (a cut, cancelled or timed-out call, or garbage usage).
 */
export function buildRecord(facts: CallFacts & CallOutcome, metered: Metered): UsageRecord | Promise<UsageRecord> {
  const provider = facts.upstream.name;
  const model = facts.model ?? metered.model ?? "unknown";
  const request: RequestFacts = { latency_ms: round(facts.latencyMs), status: facts.outcome, http_status: facts.status };
  if (metered.id !== undefined) request.response_id = metered.id.slice(0, MAX_VALUE_CHARS);
  if (metered.usageInvalid !== undefined) request.usage_invalid = true;
  if (facts.ttftMs !== undefined) request.ttft_ms = round(facts.ttftMs);
  const tier = facts.requestBody?.["service_tier"];
  if (typeof tier === "string" && tier !== "default" && tier !== "auto" && tier !== "standard" && tier !== "standard_only") request.service_tier = tier;
  const base = {
    id: `gateway:${facts.callId}`,
    ts: new Date(facts.startedAt).toISOString(),
    provider,
    model,
    attribution: facts.attribution,
    interaction: interactionOf(facts.headers, metered.toolCall),
  };
  const record = (u: Usage, convention: string, raw: unknown, estimated: boolean): UsageRecord => {
    const prefixes = PROMPT_ENDPOINTS.has(facts.endpoint)
      ? promptPrefixes(facts.requestBody, u.input + u.cached_input + u.cache_write + u.cache_write_1h)
      : undefined;
    return {
      ...base,
      ...(metered.model !== undefined && metered.model !== model ? { response_model: metered.model } : {}),
      usage: u,
      request: estimated ? { ...request, estimated: true } : request,
      source: { kind: "gateway", convention, raw_usage: raw ?? null },
      ...(prefixes ? { prompt_prefixes: prefixes } : {}),
    };
  };
  const answered = facts.status >= 200 && facts.status < 300;
  const complete = facts.outcome === "ok";
  if (metered.usage && complete) return record(metered.usage.usage, metered.usage.convention, metered.rawUsage, false);
  // a call with no usage to read (a model list, a batch, speech…): one request, priced per request or unpriced
  if (facts.endpoint === "request" || facts.endpoint === "images" || facts.endpoint === "transcription") {
    return record(usage({ requests: 1 }), metered.usage?.convention ?? "none", metered.rawUsage, false);
  }
  // refused or failed upstream: nothing billed, but the attempt is kept. A call the client or the
  // gateway gave up on may still be billed (the provider read the prompt): that one is estimated below.
  const gaveUp = facts.outcome === "cancelled" || facts.outcome === "timeout";
  if (!gaveUp && (!answered || (metered.usageInvalid === undefined && !metered.usage && metered.text === "" && facts.ttftMs === undefined))) {
    return record(usage({ requests: 1 }), metered.usage?.convention ?? "none", metered.rawUsage, false);
  }
  return estimate(facts, metered, model).then((u) => record(u, metered.usage?.convention ?? "tokenizer-estimate", metered.rawUsage, true));
}

/** a cut stream: what the provider reported so far, the rest counted with the tokenizer (never fails: the call is recorded whatever) */
async function estimate(facts: CallFacts, metered: Metered, model: string): Promise<Usage> {
  try {
    return await countRest(facts, metered, model);
  } catch {
    return metered.usage?.usage ?? usage({ requests: 1 });
  }
}

async function countRest(facts: CallFacts, metered: Metered, model: string): Promise<Usage> {
  const output = metered.text === "" ? 0 : (await countForModel(metered.text, { model })).tokens;
  const reported = metered.usage?.usage;
  if (reported && reported.input + reported.cached_input + reported.cache_write + reported.cache_write_1h > 0) {
    return { ...reported, output: Math.max(reported.output, output) };
  }
  let input = 0;
  try {
    input = (await countPrompt(promptOf(facts.requestBody), { model })).tokens;
  } catch {
    // a prompt the tokenizer cannot read (images only, say): count what text it has
    input = (await countForModel(JSON.stringify(facts.requestBody ?? {}), { model })).tokens;
  }
  return usage({ input, output, requests: 1 });
}

/** the prompt of a chat, messages or responses request, as the tokenizer reads it */
function promptOf(body: JsonObject | undefined): unknown {
  if (!body) return "";
  const messages = Array.isArray(body["messages"]) ? [...(body["messages"] as unknown[])] : [];
  const system = body["system"];
  if (typeof system === "string") messages.unshift({ role: "system", content: system });
  else if (Array.isArray(system)) messages.unshift({ role: "system", content: system });
  if (messages.length > 0) return isRecord(body) && Array.isArray(body["tools"]) ? { messages, tools: body["tools"] } : messages;
  const input = body["input"] ?? body["prompt"];
  return typeof input === "string" ? input : JSON.stringify(input ?? "");
}

const round = (ms: number): number => Math.round(ms * 1000) / 1000;
