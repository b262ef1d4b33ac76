/**
 * One proxied call → the canonical usage record: who (the virtual key's scope, refined by
 * `x-tokenomics-*` headers), what (the provider's usage, or a tokenizer estimate when a stream
 * was cut before the usage came), and how it went (status, latency, time to first byte, retry).
 */
import type { IncomingHttpHeaders } from "node:http";
import type { VirtualKey } from "../ledger/store.js";
import { countForModel, countPrompt } from "../tokens/index.js";
import type { Attribution, CallStatus, InteractionRef, RequestFacts, UsageRecord } from "../usage/event.js";
import { isRecord, type JsonObject } from "../usage/normalize/index.js";
import { usage, type Usage } from "../usage/usage.js";
import type { Endpoint, Metered } from "./meter.js";
import type { Api, Upstream } from "./upstreams.js";

export interface CallFacts {
  api: Api;
  upstream: Upstream;
  endpoint: Endpoint | undefined;
  key: VirtualKey;
  headers: IncomingHttpHeaders;
  requestBody: JsonObject | undefined;
  model: string | undefined;
  /** epoch ms when the request arrived */
  startedAt: number;
  /** names the call when the provider did not (errors, cut streams) */
  fallbackId?: string;
}

export interface CallOutcome {
  status: number;
  outcome: CallStatus;
  latencyMs: number;
  ttftMs?: number;
}

/** attribution headers a request may send, and the field each fills */
const HEADER_FIELDS: ReadonlyArray<readonly [string, keyof Omit<Attribution, "tags">]> = [
  ["x-tokenomics-feature", "feature"],
  ["x-tokenomics-customer", "customer"],
  ["x-tokenomics-user", "user"],
  ["x-tokenomics-project", "project"],
  ["x-tokenomics-environment", "environment"],
];

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const v = headers[name];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s.trim() === "" ? undefined : s.trim();
};

/** `x-tokenomics-tags: plan=pro, region=eu` → { plan: "pro", region: "eu" } */
export function parseTags(value: string | undefined): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const part of (value ?? "").split(",")) {
    const eq = part.indexOf("=");
    if (eq > 0) tags[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return tags;
}

/** the key's scope, with headers filling only what the key leaves open */
export function attributionOf(key: VirtualKey, headers: IncomingHttpHeaders): Attribution {
  const out: Attribution = {};
  for (const [name, field] of HEADER_FIELDS) {
    const v = header(headers, name);
    if (v !== undefined) out[field] = v;
  }
  Object.assign(out, key.scope);
  out.api_key_id = key.id;
  const tags = parseTags(header(headers, "x-tokenomics-tags"));
  if (Object.keys(tags).length > 0) out.tags = tags;
  return out;
}

function interactionOf(headers: IncomingHttpHeaders, toolCall: boolean): InteractionRef {
  const out: InteractionRef = {};
  const trace = header(headers, "x-tokenomics-trace-id");
  if (trace !== undefined) out.trace_id = trace;
  // the OpenAI and Anthropic SDKs number their automatic retries
  const retries = Number(header(headers, "x-stainless-retry-count") ?? 0);
  if (Number.isSafeInteger(retries) && retries >= 0) {
    out.attempt = retries + 1;
    out.is_retry = retries > 0;
  }
  if (toolCall) out.is_tool_call = true;
  return out;
}

/**
 * The record for a finished call. Synchronous when the provider reported usage; a promise when
 * the usage must be counted with the tokenizer (a cut or cancelled stream).
 */
export function buildRecord(facts: CallFacts & CallOutcome, metered: Metered): UsageRecord | Promise<UsageRecord> {
  const provider = facts.upstream.name;
  const model = facts.model ?? metered.model ?? "unknown";
  const request: RequestFacts = { latency_ms: round(facts.latencyMs), status: facts.outcome };
  if (facts.ttftMs !== undefined) request.ttft_ms = round(facts.ttftMs);
  const tier = facts.requestBody?.["service_tier"];
  if (typeof tier === "string" && tier !== "default" && tier !== "auto" && tier !== "standard" && tier !== "standard_only") request.service_tier = tier;
  const base = {
    id: metered.id !== undefined && facts.outcome === "ok" ? `${provider}:${metered.id}` : `gateway:${facts.fallbackId ?? metered.id ?? ""}`,
    ts: new Date(facts.startedAt).toISOString(),
    provider,
    model,
    attribution: attributionOf(facts.key, facts.headers),
    interaction: interactionOf(facts.headers, metered.toolCall),
  };
  const record = (u: Usage, convention: string, raw: unknown, estimated: boolean): UsageRecord => ({
    ...base,
    ...(metered.model !== undefined && metered.model !== model ? { response_model: metered.model } : {}),
    usage: u,
    request: estimated ? { ...request, estimated: true } : request,
    source: { kind: "gateway", convention, raw_usage: raw ?? null },
  });
  const answered = facts.status >= 200 && facts.status < 300;
  const complete = facts.outcome === "ok";
  if (metered.usage && complete) return record(metered.usage.usage, metered.usage.convention, metered.rawUsage, false);
  // refused or failed upstream: nothing billed, but the attempt is kept. A call the client gave
  // up on may still be billed (the provider read the prompt): that one is estimated below.
  const cancelled = facts.outcome === "cancelled";
  if (!cancelled && (!answered || (!metered.usage && metered.text === "" && facts.ttftMs === undefined))) {
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
