/**
 * The small ledger the what-if end-to-end tests share, priced with the built-in catalog. Hand
 * prices (USD per 1M tokens): gpt-4o is gpt-4o-2024-05-13 (5 in / 15 out) until 2024-10-02,
 * then gpt-4o-2024-08-06 (2.50 / 10); gpt-4o-mini 0.15 / 0.60; claude-2.1 8 / 24, no batch.
 */
import { builtinCatalog } from "../../src/pricing/builtin/index.js";
import { priceRecord } from "../../src/pricing/price-record.js";
import type { UsageEvent, UsageRecord } from "../../src/usage/event.js";
import { usage, type Usage } from "../../src/usage/usage.js";

function rec(id: string, ts: string, model: string, u: Partial<Usage>, extra: Partial<UsageRecord> = {}): UsageEvent {
  return priceRecord(builtinCatalog(), {
    id,
    ts,
    provider: model.startsWith("claude") ? "anthropic" : model.startsWith("mystery") ? "acme" : "openai",
    model,
    usage: usage({ requests: 1, ...u }),
    attribution: { feature: "chat" },
    interaction: {},
    request: { status: "ok" },
    source: { kind: "test", convention: "disjoint", raw_usage: {} },
    ...extra,
  });
}

/**
 * | id | day | model | actual | on gpt-4o-mini |
 * | e1 | 2024-09-15 | gpt-4o (05-13) 10,000 in + 1,000 out | 0.065 | 0.0021 |
 * | e2 | 2024-10-15 | gpt-4o (08-06) same | 0.035 | 0.0021 |
 * | e3 | 2024-10-15 | mystery-9000 | unpriced | — |
 * | e4 | 2024-10-15 | gpt-4o 1,000 in, attempt 1, error | 0.0025 | 0.00015 |
 * | e5 | 2024-10-15 | gpt-4o 1,000 in + 100 out, attempt 2, ok | 0.0035 | 0.00021 |
 * | e6 | 2024-10-16 | claude-2.1 1,000 in (→ 952 o200k tokens) | 0.008 | 0.0001428 |
 */
export function whatIfLedger(): UsageEvent[] {
  return [
    rec("e1", "2024-09-15T10:00:00Z", "gpt-4o", { input: 10_000, output: 1_000 }),
    rec("e2", "2024-10-15T10:00:00Z", "gpt-4o", { input: 10_000, output: 1_000 }),
    rec("e3", "2024-10-15T11:00:00Z", "mystery-9000", { input: 10_000 }),
    rec("e4", "2024-10-15T12:00:00Z", "gpt-4o", { input: 1_000 }, { interaction: { trace_id: "t1", attempt: 1 }, request: { status: "error" } }),
    rec(
      "e5",
      "2024-10-15T12:00:05Z",
      "gpt-4o",
      { input: 1_000, output: 100 },
      { interaction: { trace_id: "t1", attempt: 2, is_retry: true }, request: { status: "ok" } },
    ),
    rec("e6", "2024-10-16T10:00:00Z", "claude-2.1", { input: 1_000 }, { attribution: { feature: "summarise" } }),
  ];
}
