/**
 * One feature's traffic on one day: user actions (traces) of one or more LLM calls, with tool
 * turns, cache reuse inside an agent loop, failures and their retries.
 */
import { createHash } from "node:crypto";
import type { Attribution, PromptPrefix, UsageRecord } from "../usage/event.js";
import { DIURNAL } from "./calendar.js";
import { buildCall, failure, reasoningFor, statusOf, type CacheState, type CallShape, type Outcome } from "./calls.js";
import { ORG, type Company } from "./company.js";
import type { Feature, Size, Step } from "./features.js";
import { INTERNAL_MODEL, profileOf } from "./models.js";
import type { Rng } from "../shared/random.js";

/** a record before it gets its id (ids follow time order, set once the day is sorted) */
export type DraftRecord = Omit<UsageRecord, "id"> & { at: number };

const MAX_ATTEMPTS = 3;
const REPOS = ["web-app", "billing-service", "search-api", "mobile", "infra", "data-pipelines"];

export interface DayContext {
  rng: Rng;
  company: Company;
  dayStartMs: number;
  /** calls at or after this instant are not generated (the day's end) */
  endMs: number;
  /** expected traces this day (before Poisson noise) */
  expected: number;
}

/**
 * Appends the calls of one feature on one day to `out`, in generation order (appending, not
 * spreading, keeps days of a million calls off the call stack).
 *
 * @example
 * featureDay(FEATURES[0]!, { rng, company, dayStartMs, endMs, expected: 150 }).length; // ≈ 330
 */
export function featureDay(feature: Feature, ctx: DayContext, out: DraftRecord[] = []): DraftRecord[] {
  const { rng } = ctx;
  const traces = rng.poisson(ctx.expected);
  for (let i = 0; i < traces; i++) trace(feature, ctx, out);
  return out;
}

function size(rng: Rng, s: Size): number {
  return s.median === 0 ? 0 : Math.max(1, Math.round(rng.logNormal(s.median, s.sigma)));
}

function startOf(rng: Rng, feature: Feature, dayStartMs: number): number {
  const hour = feature.hours ? feature.hours[rng.int(0, feature.hours.length - 1)]! : rng.weighted(DIURNAL);
  return dayStartMs + hour * 3_600_000 + Math.floor(rng.next() * 3_600_000);
}

/** who the action is for, and by whom */
function attributionOf(rng: Rng, feature: Feature, company: Company, staging: boolean): Attribution {
  const environment = staging ? "staging" : "prod";
  const base: Attribution = {
    org: ORG,
    team: feature.team,
    project: feature.project,
    feature: feature.name,
    api_key_id: `key-${feature.team}-${environment}`,
    environment,
  };
  if (staging) return { ...base, user: company.qa[rng.int(0, company.qa.length - 1)]! };
  switch (feature.audience) {
    case "customers": {
      const c = company.customers[rng.weighted(company.customerWeights[feature.name]!)]!;
      const user = c.users[rng.weighted(c.userWeights)]!;
      return { ...base, customer: c.id, user, tags: { plan: c.plan } };
    }
    case "engineers":
      return { ...base, user: company.engineers[rng.weighted(company.engineerWeights)]!, tags: { repo: REPOS[rng.int(0, REPOS.length - 1)]! } };
    case "service":
      return { ...base, user: "svc-indexer", tags: { job: "nightly-reindex" } };
  }
}

function trace(feature: Feature, ctx: DayContext, out: DraftRecord[]): void {
  const { rng } = ctx;
  const staging = rng.chance(feature.staging);
  const who = attributionOf(rng, feature, ctx.company, staging);
  const internal = feature.internalShare !== undefined && rng.chance(feature.internalShare);
  const traceId = rng.hex(32);
  const rootSpan = rng.hex(16); // the app's request span; the llm calls are its children
  let t = startOf(rng, feature, ctx.dayStartMs);

  for (const step of feature.steps) {
    const chat = step.output.median > 0;
    const model = internal && chat ? INTERNAL_MODEL : rng.pick(step.models, (m) => m.weight).model;
    const profile = profileOf(model);
    const turns = 1 + (step.toolTurns ? Math.min(step.toolTurns.max, rng.poisson(step.toolTurns.mean)) : 0);
    const system = step.systemPrompt ?? 0;
    let prompt = system + size(rng, step.prompt);
    let previousPrompt = 0;
    for (let turn = 0; turn < turns; turn++) {
      if (turn > 0) {
        // the next turn re-sends the whole conversation plus the tool's result
        previousPrompt = prompt;
        prompt += size(rng, { median: 600, sigma: 0.8 }) + size(rng, { median: step.output.median * 0.4, sigma: 0.5 });
      }
      prompt = Math.min(prompt, profile.contextWindow - 4 * step.output.median);
      const output = turn < turns - 1 ? size(rng, { median: step.output.median * 0.5, sigma: 0.5 }) : size(rng, step.output);
      const reasoning = reasoningFor(rng, profile, output, feature.reasoningEffort ?? 1);
      const cache = cacheFor(rng, step, turn, prompt, previousPrompt);
      const shape = { prompt, output, reasoning, cache };
      // what the gateway would have recorded: the shared system prompt's hash, then the whole prompt's (unique to the call)
      const prefixes: PromptPrefix[] | undefined =
        system > 0
          ? [
              { boundary: "system", tokens: system, hash: systemHash(feature.name) },
              { boundary: "messages:1", tokens: prompt, hash: rng.hex(32) },
            ]
          : undefined;
      const context = { model, who, traceId, rootSpan, isToolCall: turn > 0, internal: model === INTERNAL_MODEL, ...(prefixes ? { prefixes } : {}) };
      const done = attempts(feature, ctx, context, shape, t, out);
      if (done === null) return; // gave up, or the window ended: the rest of the trace never ran
      t = done + (chat ? Math.round(rng.logNormal(400, 0.8)) : Math.round(rng.uniform(30, 150)));
    }
  }
}

function cacheFor(rng: Rng, step: Step, turn: number, prompt: number, previousPrompt: number): CacheState | undefined {
  if (!step.cache) return undefined;
  const ttl = step.cache.ttl ?? "5m";
  // inside an agent loop the previous turn's whole prompt was just cached
  if (turn > 0) return { hit: rng.chance(0.9), prefix: previousPrompt, ttl };
  const prefix = Math.round(prompt * Math.min(1, step.cache.prefixShare * rng.uniform(0.85, 1.1)));
  return { hit: rng.chance(step.cache.hitRate), prefix, ttl };
}

interface CallContext {
  model: string;
  who: Attribution;
  traceId: string;
  rootSpan: string;
  isToolCall: boolean;
  internal: boolean;
  prefixes?: PromptPrefix[];
}

/** a feature's system prompt hash: the same text, so the same hash, on every call */
function systemHash(feature: string): string {
  return createHash("sha256").update(`demo system prompt of ${feature}`).digest("hex").slice(0, 32);
}

/**
 * Runs a call until it succeeds, is cancelled or has failed `MAX_ATTEMPTS` times; returns when
 * the last attempt ended, or null when the trace stops here.
 */
function attempts(feature: Feature, ctx: DayContext, call: CallContext, shape: CallShape, start: number, out: DraftRecord[]): number | null {
  const { rng } = ctx;
  const profile = profileOf(call.model);
  const batch = feature.batch === true;
  let t = start;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    if (t >= ctx.endMs) return null;
    // failures come in bursts: a retry fails more often than a first try
    const errorRate = attempt === 1 ? feature.errorRate : Math.min(0.5, feature.errorRate * 6);
    let outcome: Outcome = rng.chance(errorRate) ? failure(rng) : "ok";
    if (outcome === "ok" && attempt === 1 && feature.audience === "customers" && profile.ttftMs !== null && rng.chance(0.003)) outcome = "cancelled";
    const built = buildCall(rng, profile, shape, outcome, batch);
    const tags = {
      ...call.who.tags,
      ...(call.internal ? { experiment: "internal-llm" } : {}),
      ...(outcome !== "ok" && outcome !== "cancelled" ? { error_type: outcome } : {}),
    };
    const attribution: Attribution = { ...call.who, ...(Object.keys(tags).length > 0 ? { tags } : {}) };
    out.push({
      at: t,
      ts: new Date(t).toISOString(),
      provider: profile.provider,
      model: call.model,
      usage: built.usage,
      attribution,
      interaction: {
        trace_id: call.traceId,
        span_id: rng.hex(16),
        parent_span_id: call.rootSpan,
        attempt,
        is_retry: attempt > 1,
        is_tool_call: call.isToolCall,
      },
      request: {
        ...(built.latencyMs !== undefined ? { latency_ms: built.latencyMs } : {}),
        ...(built.ttftMs !== undefined ? { ttft_ms: built.ttftMs } : {}),
        status: statusOf(outcome),
        ...(batch ? { batch: true } : {}),
      },
      source: { kind: "demo", convention: "disjoint", raw_usage: { ...built.usage } },
      ...(call.prefixes ? { prompt_prefixes: call.prefixes } : {}),
    });
    t += built.latencyMs ?? 0;
    if (outcome === "ok") return t;
    if (outcome === "cancelled") return null;
    // exponential backoff with jitter before the retry
    t += Math.round(rng.uniform(0.5, 1.5) * 800 * 3 ** (attempt - 1));
  }
  return null;
}
