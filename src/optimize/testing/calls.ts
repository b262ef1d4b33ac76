/** test-only: recorded calls priced with the built-in catalog, as the ledger would store them */
import { builtinCatalog } from "../../pricing/builtin/index.js";
import { priceRecord } from "../../pricing/price-record.js";
import type { PromptPrefix, UsageEvent, UsageRecord } from "../../usage/event.js";
import { usage, type Usage } from "../../usage/usage.js";

export const catalog = builtinCatalog();

let next = 0;

export interface CallSpec {
  model: string;
  ts: string;
  usage: Partial<Usage>;
  provider?: string;
  org?: string;
  key?: string;
  attempt?: number;
  status?: UsageRecord["request"]["status"];
  batch?: boolean;
  tier?: string;
  prefixes?: PromptPrefix[];
}

export function call(spec: CallSpec): UsageEvent {
  const record: UsageRecord = {
    id: `c${++next}`,
    ts: spec.ts,
    provider: spec.provider ?? (spec.model.startsWith("claude") ? "anthropic" : "openai"),
    model: spec.model,
    usage: usage({ requests: 1, ...spec.usage }),
    attribution: { ...(spec.org ? { org: spec.org } : {}), ...(spec.key ? { api_key_id: spec.key } : {}) },
    interaction: spec.attempt ? { attempt: spec.attempt, is_retry: spec.attempt > 1 } : {},
    request: { status: spec.status ?? "ok", ...(spec.batch ? { batch: true } : {}), ...(spec.tier ? { service_tier: spec.tier } : {}) },
    source: { kind: "test", convention: "disjoint", raw_usage: {} },
    ...(spec.prefixes ? { prompt_prefixes: spec.prefixes } : {}),
  };
  return priceRecord(catalog, record);
}
