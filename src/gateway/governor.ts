/**
 * Governance applied: the gateway's budgets, policies and rate limits at run time. The rules are
 * decided by the pure `src/governance/` (`decide`); this class gathers the inputs, reserves the
 * holds, and settles them when the call's event comes back.
 *
 * - `admit` (before a call is forwarded): the call's maximum cost (prompt counted with the
 *   model's tokenizer, output at the request's cap or the model's maximum), the counters of the
 *   budgets and rate limits it touches, `decide`, then one all-or-nothing `reserve` of its holds
 *   — the check and the increment are one step, so concurrent calls cannot overspend.
 * - `onEvent` (every event the server admits — gateway calls, OTLP, API imports): the event's
 *   real cost is charged to every budget covering it; a gateway call's hold is settled with it
 *   (the unused rest released), rate lines with the real request and token count.
 * - Counters are keyed by the period's start (a new period starts at zero, with no job) and by
 *   a hash of the budget's definition (a changed budget is counted afresh from the ledger).
 * - Holds are journaled beside the spool (`./hold-journal.ts`) and expire after their TTL.
 */
import { createHash } from "node:crypto";
import type { Catalog } from "../pricing/catalog.js";
import {
  budgetCovers,
  budgetKey,
  cacheWriteOf,
  decide,
  InMemoryBudgetState,
  maxCost,
  maxCostFromTokens,
  periodWindow,
  promptTokensOf,
  rateKeys,
  refusalForLine,
  scopeMatches,
  requestedMaxOutput,
  unitsToUsd,
  usdToUnits,
  type Budget,
  type BudgetInput,
  type BudgetState,
  type HoldLine,
  type MaxCost,
  type PeriodWindow,
  type Policy,
  type Refusal,
} from "../governance/index.js";
import type { JsonObject } from "../shared/json.js";
import type { Attribution, UsageEvent } from "../usage/event.js";
import { USAGE_FIELDS } from "../usage/usage.js";
import { HoldJournal, type JournalHold } from "./hold-journal.js";
import type { Endpoint } from "./routes.js";

export const DEFAULT_RESERVATION_TTL_MS = 5 * 60_000;
const SETTLED_RETENTION_MS = 0;

/** what the gateway knows of a call before it is forwarded */
export interface CallToAdmit {
  callId: string;
  attribution: Attribution;
  model: string | undefined;
  json: JsonObject | undefined;
  endpoint: Endpoint;
  provider: string;
  /** the body's bytes as sent (scanned for cache-write markers without serialising the JSON again) */
  raw?: Buffer;
}

export type Admission =
  | {
      kind: "forward";
      /** the rewritten request body (a downgraded model, a clamped output cap) */
      body?: Buffer;
      model?: string;
      downgradedFrom?: string;
      /** tags the call's event carries: what a dry-run policy would have refused, a downgrade, a clamp */
      tags?: Record<string, string>;
    }
  | { kind: "refuse"; refusal: Refusal };

export interface LiveBudget {
  reserved_usd: string;
  refused_calls: number;
  downgraded_calls: number;
}

export interface GovernorOptions {
  catalog: Catalog;
  state?: BudgetState;
  reservationTtlMs?: number;
  /** the hold journal's file (`<spool>.holds`); without one, holds live in memory only */
  journal?: string;
  now?: () => number;
  /** budgets whose spend changed (to check their alert thresholds) */
  onSpend?: (budgets: readonly Budget[]) => void;
  /** a call refused, downgraded or clamped, or what a dry-run policy would have refused (for metrics) */
  onDecision?: (outcome: "refused" | "downgraded" | "clamped" | "dry_run", code: string, rule: string) => void;
}

/** a budget as the governor counts it */
interface Rule {
  budget: Budget;
  /** the budget's name and a hash of its definition: a changed budget gets new counters */
  id: string;
  /** the period last computed and its counter key: reused until the clock leaves it (time-zone arithmetic is the dear part) */
  window?: PeriodWindow;
  key?: string;
  /** the limit in units */
  limit: bigint;
}

/** a hold the governor has reserved and not yet settled */
interface OpenHold {
  lines: HoldLine[];
  expiresAt: number;
}

/** a hold as the journal writes it (bigints as decimal text) */
function journalHold(holdId: string, open: OpenHold): JournalHold {
  return {
    holdId,
    expiresAt: open.expiresAt,
    lines: open.lines.map((h) => ({
      key: h.key,
      limit: h.limit.toString(),
      periodEnd: h.periodEnd,
      amount: h.amount.toString(),
      unit: h.unit,
      source: h.source,
    })),
  };
}

/** the rule's period at `now` */
function windowAt(rule: Rule, now: number): PeriodWindow {
  const w = rule.window;
  if (w && now >= w.start && now < w.end) return w;
  const next = periodWindow(rule.budget.period, rule.budget.tz, now);
  rule.window = next;
  rule.key = budgetKey(rule.id, next);
  return next;
}

/** the tokens a rate limit counts for a call: every token class, not requests */
function tokensOf(event: UsageEvent): bigint {
  let n = 0;
  for (const f of USAGE_FIELDS) if (f !== "requests") n += event.usage[f] ?? 0;
  return BigInt(n);
}

const CALL_ENDPOINTS = new Set<Endpoint>(["chat", "completions", "responses", "embeddings", "messages"]);
const NO_COST: MaxCost = { usd: "0", units: 0n, promptTokens: 0, outputTokens: 0, lowerBoundBecause: [] };

export class Governor {
  private rules: Rule[] = [];
  private policies: Policy[] = [];
  private enforcing = false;
  private readonly state: BudgetState;
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly journal: HoldJournal | undefined;
  /** open holds: their lines (to settle rate lines and to journal) and when they expire */
  private readonly holds = new Map<string, OpenHold>();
  private readonly counts = new Map<string, { refused: number; downgraded: number }>();
  /** what dry-run policies would have refused, per policy and rule */
  readonly dryRunCounts = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly options: GovernorOptions) {
    // settles are guarded here (a hold is settled once, when its event comes, and only while this
    // governor holds it): the state need not remember settled ids, which would live just long
    // enough to be promoted out of the young generation and die there as old garbage
    this.state = options.state ?? new InMemoryBudgetState(SETTLED_RETENTION_MS);
    this.ttlMs = options.reservationTtlMs ?? DEFAULT_RESERVATION_TTL_MS;
    this.now = options.now ?? Date.now;
    this.journal = options.journal ? new HoldJournal(options.journal) : undefined;
    this.timer = setInterval(() => void this.sweep(), Math.min(5_000, Math.max(50, this.ttlMs / 4)));
    this.timer.unref();
  }

  /**
   * The holds a killed gateway left open, reserved again until their TTL (call once, at start,
   * after `setRules`); returns how many.
   */
  async replayHolds(): Promise<number> {
    if (!this.journal) return 0;
    const now = this.now();
    const left = this.journal.leftovers(now);
    const live: JournalHold[] = [];
    for (const h of left) {
      const lines: HoldLine[] = h.lines.map((l) => ({ ...l, limit: BigInt(l.limit), amount: BigInt(l.amount) }));
      // a replayed hold was admitted once: it is held again whatever the counters say now
      const r = await this.state.reserve({ holdId: h.holdId, lines: lines.map((l) => ({ ...l, limit: 1n << 120n })), ttlMs: h.expiresAt - now, now });
      if (!r.admitted) continue;
      this.holds.set(h.holdId, { lines, expiresAt: h.expiresAt });
      live.push(h);
    }
    this.journal.compact(live);
    return live.length;
  }

  /** the budgets and policies in force; returns the budgets whose counters are new (count them from the ledger with `warm`) */
  setRules(budgets: readonly Budget[], policies: readonly Policy[]): Budget[] {
    const before = new Set(this.rules.map((r) => r.id));
    this.rules = budgets.map((budget) => ({ budget, id: `${budget.name}#${definitionHash(budget)}`, limit: usdToUnits(budget.amountUsd) }));
    this.policies = [...policies];
    this.enforcing = this.policies.length > 0 || this.rules.some((r) => r.budget.action !== "alert");
    return this.rules.filter((r) => !before.has(r.id)).map((r) => r.budget);
  }

  /** whether any call can be refused or rewritten (an enforcing budget or a policy is set) */
  get governs(): boolean {
    return this.enforcing;
  }

  get budgets(): readonly Budget[] {
    return this.rules.map((r) => r.budget);
  }

  /** the spend already in the ledger for a budget's current period, added to its counter (at start, or for a new or changed budget) */
  async warm(budget: Budget, spentUsd: string): Promise<void> {
    const rule = this.rules.find((r) => r.budget === budget);
    if (!rule) return;
    const now = this.now();
    const window = windowAt(rule, now);
    if (now < window.start || now >= window.end) return;
    const units = usdToUnits(spentUsd);
    if (units > 0n) await this.state.record([{ key: this.key(rule, window), periodEnd: window.end }], units, now);
  }

  /** admit, rewrite or refuse a call before it is forwarded */
  async admit(call: CallToAdmit): Promise<Admission> {
    const now = this.now();
    const model = call.model ?? "";
    const windows = new Map<Rule, PeriodWindow>();
    for (const r of this.rules) {
      if (r.budget.action === "alert") continue;
      const w = windowAt(r, now);
      if (now >= w.start && now < w.end) windows.set(r, w);
    }
    // a call no policy and no enforcing budget covers goes through untouched (nothing counted, nothing held)
    const touched = this.policies.some((p) => scopeMatches(p.match, call.attribution, model));
    if (!touched && ![...windows.keys()].some((r) => budgetCovers(r.budget, call.attribution, model))) return { kind: "forward" };

    const body = call.json ?? {};
    const at = new Date(now).toISOString();
    // the tier the call asks for is the tier it is priced at (flex is cheaper, priority dearer)
    const tier = call.json?.["service_tier"];
    // cache writes cost more than input: looked for in the bytes as sent, not in the JSON serialised again
    const cacheWrite = call.raw === undefined ? undefined : call.raw.includes('"cache_control"') ? (cacheWriteOf(call.raw.toString("utf8")) ?? null) : null;
    const priceOptions = {
      at,
      provider: call.provider,
      ...(tier === "flex" || tier === "priority" ? { tier } : {}),
      ...(cacheWrite !== undefined ? { cacheWrite } : {}),
    };
    let cost: MaxCost;
    let promptTokens = 0;
    if (CALL_ENDPOINTS.has(call.endpoint) && call.model !== undefined) {
      cost = await maxCost(this.options.catalog, model, body, priceOptions);
      if ("unpriced" in cost) {
        if (this.policies.some((p) => p.maxInputTokens !== undefined)) promptTokens = (await promptTokensOf(model, body, call.provider)).promptTokens;
      } else promptTokens = cost.promptTokens;
    } else {
      // no tokens to count (a model list, an image, a transcription): charged when it settles, refused once a budget is spent
      cost = NO_COST;
    }
    const requestedOut = requestedMaxOutput(body);
    // only a rewritten call (a downgrade, a clamp) is priced again
    const reprice = (m: string, out: number | undefined): MaxCost => {
      if (cost === NO_COST) return NO_COST;
      const write = cacheWrite === undefined ? cacheWriteOf(JSON.stringify(body)) : (cacheWrite ?? undefined);
      return maxCostFromTokens(
        this.options.catalog,
        { model: m, promptTokens, ...(out !== undefined ? { maxOutputTokens: out } : {}), ...(write ? { cacheWrite: write } : {}) },
        priceOptions,
      );
    };

    const ruleInputs = [...windows];
    const keys = ruleInputs.map(([r, w]) => this.key(r, w));
    const rates = rateKeys(this.policies, call.attribution, model, now);
    const counters = await this.state.read([...keys, ...rates], now);
    const budgets: BudgetInput[] = ruleInputs.map(([r, w], i) => ({
      budget: r.budget,
      window: w,
      spent: counters[i]!.spent,
      reserved: counters[i]!.reserved,
      key: keys[i]!,
      limit: r.limit,
    }));
    const decision = decide({
      attribution: call.attribution,
      model,
      promptTokens,
      ...(requestedOut !== undefined ? { maxOutputTokens: requestedOut } : {}),
      ...(call.json?.["service_tier"] !== undefined ? { serviceTier: String(call.json["service_tier"]) } : {}),
      maxCost: cost,
      reprice,
      budgets,
      policies: this.policies,
      rates: counters.slice(keys.length),
      now,
    });
    let tags: Record<string, string> | undefined;
    for (const r of decision.dryRun) {
      if (r.code !== "policy_denied" && r.code !== "rate_limited") continue;
      const k = `${r.policy}:${r.rule}`;
      this.dryRunCounts.set(k, (this.dryRunCounts.get(k) ?? 0) + 1);
      this.options.onDecision?.("dry_run", r.code, r.policy);
      tags ??= {};
      tags["governance.dry_run"] = tags["governance.dry_run"] ? `${tags["governance.dry_run"]},${k}` : k;
    }
    if (decision.kind === "refuse") return this.refused(decision.refusal);

    const holds = decision.holds;
    if (holds.length > 0) {
      const reserved = await this.state.reserve({ holdId: call.callId, lines: holds, ttlMs: this.ttlMs, now });
      if (!reserved.admitted) {
        if ("duplicate" in reserved)
          return this.refused({ code: "policy_denied", status: 403, policy: "gateway", rule: "hold_id", message: "duplicate call id" });
        const line = holds.find((h) => h.key === reserved.refused.key)!;
        return this.refused(refusalForLine(line, reserved.refused, now));
      }
      const open = { lines: holds, expiresAt: now + this.ttlMs };
      this.holds.set(call.callId, open);
      this.journal?.reserved(journalHold(call.callId, open));
    }
    if (decision.kind === "admit") return tags ? { kind: "forward", tags } : { kind: "forward" };

    tags ??= {};
    const rewritten: JsonObject = { ...body };
    const out: Extract<Admission, { kind: "forward" }> = { kind: "forward", tags };
    if (decision.rewrite.model) {
      rewritten["model"] = decision.rewrite.model.to;
      out.model = decision.rewrite.model.to;
      out.downgradedFrom = decision.rewrite.model.from;
      tags["governance.downgraded_from"] = decision.rewrite.model.from;
      this.count(decision.rewrite.model.budget).downgraded++;
      this.options.onDecision?.("downgraded", "budget_downgrade", decision.rewrite.model.budget);
    }
    if (decision.rewrite.maxOutputTokens) {
      rewritten[outputField(call.endpoint, body)] = decision.rewrite.maxOutputTokens.to;
      tags["governance.clamped_by"] = decision.rewrite.maxOutputTokens.policy;
      this.options.onDecision?.("clamped", "max_output_tokens", decision.rewrite.maxOutputTokens.policy);
    }
    out.body = Buffer.from(JSON.stringify(rewritten));
    return out;
  }

  /** a call was admitted but never forwarded (the gateway refused it after all): its hold goes */
  async release(callId: string): Promise<void> {
    if (!this.holds.delete(callId)) return;
    await this.state.release(callId, this.now());
    this.journal?.ended(callId);
  }

  /** an event the server admitted: its cost charged to every budget that covers it, its hold settled */
  onEvent(event: UsageEvent): void {
    if (this.rules.length === 0 && this.holds.size === 0) return;
    const now = this.now();
    const at = Date.parse(event.ts);
    const lines: { key: string; periodEnd: number; cost?: bigint }[] = [];
    const charged: Budget[] = [];
    for (const r of this.rules) {
      if (!budgetCovers(r.budget, event.attribution, event.model)) continue;
      const w = windowAt(r, now);
      // an event from another period (a late import) is not this period's spend
      if (at < w.start || at >= w.end) continue;
      lines.push({ key: this.key(r, w), periodEnd: w.end });
      charged.push(r.budget);
    }
    const cost = event.cost.total_usd === null ? 0n : usdToUnits(event.cost.total_usd);
    const holdId = event.id.startsWith("gateway:") ? event.id.slice("gateway:".length) : undefined;
    const hold = holdId === undefined ? undefined : this.holds.get(holdId);
    if (holdId !== undefined && hold) {
      for (const h of hold.lines) if (h.unit !== "usd") lines.push({ key: h.key, periodEnd: h.periodEnd, cost: h.unit === "requests" ? 1n : tokensOf(event) });
      this.holds.delete(holdId);
      void this.state.settle({ holdId, lines, cost, now });
      this.journal?.ended(holdId);
    } else if (lines.length > 0 && cost > 0n) void this.state.record(lines, cost, now);
    if (charged.length > 0) this.options.onSpend?.(charged);
  }

  /** a budget's counters now, in USD units (spent, reserved) */
  async counters(budget: Budget): Promise<{ spent: bigint; reserved: bigint; window: PeriodWindow } | undefined> {
    const rule = this.rules.find((r) => r.budget.name === budget.name);
    if (!rule) return undefined;
    const now = this.now();
    const window = windowAt(rule, now);
    const [c] = await this.state.read([this.key(rule, window)], now);
    return { spent: c!.spent, reserved: c!.reserved, window };
  }

  /** what only the running gateway knows of a budget: its holds and the calls it refused or downgraded */
  async live(name: string): Promise<LiveBudget> {
    const rule = this.rules.find((r) => r.budget.name === name);
    const c = rule ? await this.counters(rule.budget) : undefined;
    const n = this.counts.get(name);
    return { reserved_usd: unitsToUsd(c?.reserved ?? 0n), refused_calls: n?.refused ?? 0, downgraded_calls: n?.downgraded ?? 0 };
  }

  /** the holds open now */
  get openHolds(): number {
    return this.holds.size;
  }

  close(): void {
    clearInterval(this.timer);
    this.journal?.close();
  }

  /** expired holds dropped (a call that never settled cannot keep its reservation), the journal kept short */
  private async sweep(): Promise<void> {
    const now = this.now();
    for (const id of await this.state.expire(now)) {
      this.holds.delete(id);
      this.journal?.ended(id);
    }
    if (this.journal?.long) {
      this.journal.compact([...this.holds].map(([holdId, open]) => journalHold(holdId, open)));
    }
  }

  private refused(refusal: Refusal): Admission {
    if (refusal.code === "budget_exceeded" || refusal.code === "unpriced_model") this.count(refusal.budget).refused++;
    this.options.onDecision?.("refused", refusal.code, "budget" in refusal ? refusal.budget : refusal.policy);
    return { kind: "refuse", refusal };
  }

  private count(budget: string): { refused: number; downgraded: number } {
    let c = this.counts.get(budget);
    if (!c) this.counts.set(budget, (c = { refused: 0, downgraded: 0 }));
    return c;
  }

  private key(rule: Rule, window: PeriodWindow): string {
    return rule.window === window ? rule.key! : budgetKey(rule.id, window);
  }
}

/** the request field that caps output: the one the request set, else the endpoint's own */
function outputField(endpoint: Endpoint, body: JsonObject): string {
  for (const f of ["max_completion_tokens", "max_output_tokens", "max_tokens"]) if (body[f] !== undefined) return f;
  if (endpoint === "responses") return "max_output_tokens";
  if (endpoint === "chat") return "max_completion_tokens";
  return "max_tokens";
}

function definitionHash(b: Budget): string {
  return createHash("sha256")
    .update(JSON.stringify([b.scope, b.period, b.tz]))
    .digest("hex")
    .slice(0, 12);
}
