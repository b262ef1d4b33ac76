import type { Usage, UsageField } from "./usage.js";

/**
 * The one record that flows through the system. Importers and the gateway produce a
 * `UsageRecord` (what happened, who and why); pricing turns it into a `UsageEvent` (plus what
 * it cost, and with which catalog version), which is what the ledger stores and reports read.
 */

/** who and why: every dimension a report can break spend down by */
export interface Attribution {
  org?: string;
  team?: string;
  project?: string;
  feature?: string;
  customer?: string;
  user?: string;
  api_key_id?: string;
  environment?: string;
  /** free tags, key → value */
  tags?: Record<string, string>;
}

/** the interaction (user action) a call belongs to, and its place in it */
export interface InteractionRef {
  trace_id?: string;
  span_id?: string;
  parent_span_id?: string;
  /** session or conversation id, where the source has one (Claude Code sessions) */
  session_id?: string;
  /** 1 for the first try, 2 for the first retry… */
  attempt?: number;
  is_retry?: boolean;
  /** the call was made to run or answer a tool call */
  is_tool_call?: boolean;
}

/** how a call ended; `timeout`: the gateway gave up waiting on the upstream */
export type CallStatus = "ok" | "error" | "cancelled" | "timeout";

export interface RequestFacts {
  latency_ms?: number;
  ttft_ms?: number;
  status?: CallStatus;
  batch?: boolean;
  /** "flex", "priority"… ; absent = standard */
  service_tier?: string;
  /** answered from a proxy's response cache (LiteLLM, the gateway): the provider was not called, nothing billed */
  cache_hit?: boolean;
  region?: string;
  /** token counts were estimated (e.g. counted with a tokenizer after a cut stream) */
  estimated?: boolean;
  /** the HTTP status the upstream answered with (a 429 and a 500 are different failures) */
  http_status?: number;
  /** the provider's own id for the answer (chatcmpl-…, msg_…): kept, not trusted to be unique */
  response_id?: string;
  /** the provider's usage object was malformed (negative, fractional, not a number…): kept raw, counts estimated */
  usage_invalid?: boolean;
}

export interface SourceFacts {
  /** the importer or interface that produced it: "claude-code", "otel", "gateway"… */
  kind: string;
  /** the token convention of the raw usage, e.g. "anthropic-messages", "openai-chat" */
  convention: string;
  /** the provider's usage object exactly as received */
  raw_usage: unknown;
  file?: string;
  line?: number;
}

/**
 * One boundary of a call's prompt prefix (the system prompt, the tools, the first k messages):
 * a hash of everything up to it and its token count, never the text. Two calls whose prefixes
 * hash the same sent the same tokens up to there: what prompt caching would have reused.
 */
export interface PromptPrefix {
  /** where the prefix ends: "system", "tools", or "messages:K" (the first K messages) */
  boundary: string;
  /** tokens from the start of the prompt to this boundary (counted or estimated) */
  tokens: number;
  /** hex digest of the canonical prefix (model-independent: the same text hashes the same) */
  hash: string;
}

/** what a call consumed, before pricing */
export interface UsageRecord {
  /** stable dedupe key: importing the same call twice stores it once */
  id: string;
  /** ISO 8601 timestamp, UTC */
  ts: string;
  provider: string;
  /** the model as the caller requested it (or as the log names it) */
  model: string;
  /** the model the provider says answered, where different */
  response_model?: string;
  usage: Usage;
  attribution: Attribution;
  interaction: InteractionRef;
  request: RequestFacts;
  source: SourceFacts;
  /** the prompt's prefix boundaries, shortest first, where the source knows them (the gateway does) */
  prompt_prefixes?: PromptPrefix[];
}

/** the price of a record, exactly; an unpriced event keeps `total_usd: null`, never zero */
export interface EventCost {
  priced: boolean;
  /** canonical catalog id the record resolved to, or null when unknown */
  resolved_model: string | null;
  total_usd: string | null;
  breakdown: Partial<Record<UsageField, string>>;
  /** the price version's effective date */
  version_from: string | null;
  /** why it is unpriced */
  unpriced_reason?: string;
}

/** a priced record: what the ledger stores */
export interface UsageEvent extends UsageRecord {
  cost: EventCost;
}

/** dimensions reports group and filter by; `tag.<key>` for a free tag */
export const DIMENSIONS = [
  "org",
  "team",
  "project",
  "feature",
  "customer",
  "user",
  "api_key_id",
  "environment",
  "provider",
  "model",
  "resolved_model",
  "status",
  "source",
  "session_id",
  "trace_id",
] as const;
export type Dimension = (typeof DIMENSIONS)[number] | `tag.${string}`;

export function isDimension(name: string): name is Dimension {
  return (DIMENSIONS as readonly string[]).includes(name) || /^tag\.[A-Za-z0-9_.:-]+$/.test(name);
}
