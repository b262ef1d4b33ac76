/**
 * The admission decision: plain data in, a decision out. The gateway gathers the inputs (the
 * call's attribution and max cost, the budgets with their counters, the policies and rate
 * counters), calls `decide`, and applies what comes back; nothing here does I/O or keeps state,
 * so every rule is unit-tested with hand-made inputs and the decision costs microseconds.
 *
 * Order: policies (model globs, tier, input size, output clamp) → rate limits → budgets.
 * `decide` reads counters from a snapshot; the authoritative check is the atomic
 * `BudgetState.reserve` of the holds it returns, and `refusalForLine` turns a reserve that
 * refused (another call got there first) into the same `budget_exceeded` answer.
 *
 * - alert budgets never refuse and take no hold;
 * - a call that cannot be priced is refused `unpriced_model` under a block budget (never
 *   waved through or counted as $0); under a downgrade budget it is moved to the downgrade
 *   model if that one can be priced;
 * - a budget's `holdCapUsd` bounds its hold (the overshoot it allows is one call's cost above
 *   the cap, per concurrent call);
 * - a dry-run policy refuses nothing: what it would have refused is listed in `dryRun`.
 */
import type { Attribution } from "../usage/event.js";
import { budgetCovers, budgetKey, inWindow, scopeMatches, type Budget, type PeriodWindow } from "./budget.js";
import type { BudgetLine, CounterView } from "./budget-state.js";
import type { MaxCost } from "./max-cost.js";
import { unitsToUsd, usdToUnits } from "./units.js";

export interface Policy {
  name: string;
  /** the workload class: feature, tag.<key>, team, key… (all must match; empty = every call) */
  match: Record<string, string>;
  /** model globs (`*`, `?`, case-insensitive); when given, the model must match one */
  allowModels?: string[];
  denyModels?: string[];
  maxInputTokens?: number;
  maxOutputTokens?: number;
  /** what to do with a request asking for more output than maxOutputTokens (default clamp) */
  outputOverLimit?: "clamp" | "refuse";
  /** offline classes must run on the batch API or the flex tier */
  requireTier?: "batch" | "flex";
  rateLimit?: { requestsPerMinute?: number; tokensPerMinute?: number; per: "key" | "scope" };
  dryRun?: boolean;
}

export interface BudgetInput {
  budget: Budget;
  /** the budget's current window (`periodWindow(budget.period, budget.tz, now)`) */
  window: PeriodWindow;
  /** counters of `key`; units of 10^-13 USD */
  spent: bigint;
  reserved: bigint;
  /** the counter key the holds go to (default `budgetKey(budget.name, window)`) */
  key?: string;
  /** the limit in units, when the caller keeps it (default parsed from `amountUsd`) */
  limit?: bigint;
}

export interface DecideInput {
  attribution: Attribution;
  model: string;
  /** prompt tokens as counted for the max cost */
  promptTokens: number;
  /** the output cap the request set, if any */
  maxOutputTokens?: number;
  batch?: boolean;
  serviceTier?: string;
  /** the call's maximum cost as requested */
  maxCost: MaxCost;
  /** the maximum cost of a rewritten call (downgraded model, clamped output); without it a downgrade cannot be priced */
  reprice?: (model: string, maxOutputTokens: number | undefined) => MaxCost;
  budgets: readonly BudgetInput[];
  policies: readonly Policy[];
  /** counters of `rateKeys(...)`, read from the BudgetState; a missing key counts 0 */
  rates?: readonly CounterView[];
  now: number;
}

/** a hold to reserve; `unit` says what it settles with: the real cost, 1, or the real token count */
export interface HoldLine extends BudgetLine {
  unit: "usd" | "requests" | "tokens";
  /** the budget or policy it belongs to */
  source: string;
}

export type Refusal =
  | {
      code: "budget_exceeded";
      status: 429;
      budget: string;
      spent_usd: string;
      reserved_usd: string;
      limit_usd: string;
      period_end: string;
      retry_after_s: number;
      message: string;
    }
  | { code: "unpriced_model"; status: 403; budget: string; model: string; reason: string; message: string }
  | { code: "policy_denied"; status: 403; policy: string; rule: string; message: string }
  | { code: "rate_limited"; status: 429; policy: string; rule: string; limit: number; retry_after_s: number; message: string };

export interface Admitted {
  model: string;
  /** the output cap to forward (set when a policy clamps, else the request's) */
  maxOutputTokens?: number;
  maxCost: MaxCost;
  holds: HoldLine[];
  /** alert-only budgets covering a call that could not be priced (recorded as unpriced) */
  unpricedAlertBudgets: string[];
  dryRun: Refusal[];
  notes: string[];
}

export type Decision =
  | ({ kind: "admit" } & Admitted)
  | ({
      kind: "rewrite";
      rewrite: { model?: { from: string; to: string; budget: string }; maxOutputTokens?: { from: number | undefined; to: number; policy: string } };
    } & Admitted)
  | { kind: "refuse"; refusal: Refusal; dryRun: Refusal[] };

const MINUTE = 60_000;

/** the rate counters a call touches: read them from the BudgetState before `decide` */
export function rateKeys(policies: readonly Policy[], attribution: Attribution, model: string, now: number): string[] {
  const keys: string[] = [];
  for (const p of policies) {
    if (!p.rateLimit || !scopeMatches(p.match, attribution, model)) continue;
    if (p.rateLimit.requestsPerMinute !== undefined) keys.push(rateKey(p, "rpm", attribution, now));
    if (p.rateLimit.tokensPerMinute !== undefined) keys.push(rateKey(p, "tpm", attribution, now));
  }
  return keys;
}

// the last minute's ISO text: every call of a minute shares it
let lastMinute = { at: Number.NaN, iso: "" };

function rateKey(p: Policy, kind: "rpm" | "tpm", attribution: Attribution, now: number): string {
  const who = p.rateLimit!.per === "key" ? `key=${attribution.api_key_id ?? "-"}` : "scope";
  const minute = Math.floor(now / MINUTE) * MINUTE;
  if (lastMinute.at !== minute) lastMinute = { at: minute, iso: new Date(minute).toISOString() };
  return `rate:${p.name}:${kind}:${who}@${lastMinute.iso}`;
}

const globs = new Map<string, RegExp>();
export function globMatch(glob: string, value: string): boolean {
  let re = globs.get(glob);
  if (!re) {
    re = new RegExp(
      `^${glob
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replace(/\*/g, ".*")
        .replace(/\?/g, ".")}$`,
      "i",
    );
    globs.set(glob, re);
  }
  return re.test(value);
}

const retryAfter = (end: number, now: number) => Math.max(1, Math.ceil((end - now) / 1000));

/** the refusal for a hold line that `BudgetState.reserve` refused */
export function refusalForLine(line: HoldLine, refused: CounterView, now: number): Refusal {
  if (line.unit === "usd") return budgetExceeded(line.source, refused.spent, refused.reserved, line.limit, line.periodEnd, now);
  const rule = line.unit === "requests" ? "requests_per_minute" : "tokens_per_minute";
  return {
    code: "rate_limited",
    status: 429,
    policy: line.source,
    rule,
    limit: Number(line.limit),
    retry_after_s: retryAfter(line.periodEnd, now),
    message: `policy "${line.source}": ${rule} limit ${line.limit} reached`,
  };
}

function budgetExceeded(name: string, spent: bigint, reserved: bigint, limit: bigint, end: number, now: number): Refusal {
  const limitUsd = unitsToUsd(limit);
  return {
    code: "budget_exceeded",
    status: 429,
    budget: name,
    spent_usd: unitsToUsd(spent),
    reserved_usd: unitsToUsd(reserved),
    limit_usd: limitUsd,
    period_end: new Date(end).toISOString(),
    retry_after_s: retryAfter(end, now),
    message: `budget "${name}" would exceed its $${limitUsd} limit (spent $${unitsToUsd(spent)}, reserved $${unitsToUsd(reserved)}); it renews at ${new Date(end).toISOString()}`,
  };
}

function denied(p: Policy, rule: string, message: string): Refusal {
  return { code: "policy_denied", status: 403, policy: p.name, rule, message: `policy "${p.name}": ${message}` };
}

/** a model-choice refusal from the policies, or undefined */
function modelRefusal(p: Policy, model: string): Refusal | undefined {
  const deny = p.denyModels?.find((g) => globMatch(g, model));
  if (deny) return denied(p, "deny_models", `model "${model}" is denied (${deny})`);
  if (p.allowModels && p.allowModels.length > 0 && !p.allowModels.some((g) => globMatch(g, model)))
    return denied(p, "allow_models", `model "${model}" is not allowed (${p.allowModels.join(", ")})`);
  return undefined;
}

export function decide(input: DecideInput): Decision {
  const { attribution, now } = input;
  const dryRun: Refusal[] = [];
  const notes: string[] = [];
  const policies = input.policies.filter((p) => scopeMatches(p.match, attribution, input.model));
  // a refusal from a dry-run policy is recorded, not applied
  const refuse = (p: Policy | undefined, r: Refusal): Decision | undefined => {
    if (p?.dryRun) {
      dryRun.push(r);
      return undefined;
    }
    return { kind: "refuse", refusal: r, dryRun };
  };

  // 1. policies
  let maxOut = input.maxOutputTokens;
  let clamp: { from: number | undefined; to: number; policy: string } | undefined;
  for (const p of policies) {
    const checks: (Refusal | undefined)[] = [modelRefusal(p, input.model)];
    if (p.requireTier === "batch" && !input.batch) checks.push(denied(p, "require_tier", "this workload must use the batch API"));
    if (p.requireTier === "flex" && input.serviceTier !== "flex") checks.push(denied(p, "require_tier", 'this workload must use service_tier "flex"'));
    if (p.maxInputTokens !== undefined && input.promptTokens > p.maxInputTokens)
      checks.push(denied(p, "max_input_tokens", `${input.promptTokens} input tokens exceed ${p.maxInputTokens}`));
    if (p.maxOutputTokens !== undefined && (maxOut === undefined || maxOut > p.maxOutputTokens)) {
      if (p.outputOverLimit === "refuse" && maxOut !== undefined)
        checks.push(denied(p, "max_output_tokens", `max output ${maxOut} exceeds ${p.maxOutputTokens}`));
      else if (p.dryRun) notes.push(`policy "${p.name}" would clamp max output to ${p.maxOutputTokens}`);
      else {
        clamp = { from: input.maxOutputTokens, to: p.maxOutputTokens, policy: p.name };
        maxOut = p.maxOutputTokens;
      }
    }
    for (const r of checks)
      if (r) {
        const d = refuse(p, r);
        if (d) return d;
      }
  }
  let cost = input.maxCost;
  if (clamp && input.reprice) cost = input.reprice(input.model, maxOut);
  // without a repricer the unclamped maximum is still an upper bound

  // 2. rate limits (fixed one-minute windows, reserved like budgets)
  const holds: HoldLine[] = [];
  const counters = new Map((input.rates ?? []).map((c) => [c.key, c]));
  const minuteEnd = Math.floor(now / MINUTE) * MINUTE + MINUTE;
  const callTokens = BigInt(input.promptTokens + (maxOut ?? ("outputTokens" in cost ? cost.outputTokens : 0)));
  for (const p of policies) {
    const rl = p.rateLimit;
    if (!rl) continue;
    const limits: [number | undefined, "rpm" | "tpm", bigint, HoldLine["unit"], string][] = [
      [rl.requestsPerMinute, "rpm", 1n, "requests", "requests_per_minute"],
      [rl.tokensPerMinute, "tpm", callTokens, "tokens", "tokens_per_minute"],
    ];
    for (const [limit, kind, amount, unit, rule] of limits) {
      if (limit === undefined) continue;
      const key = rateKey(p, kind, attribution, now);
      const c = counters.get(key);
      if ((c?.spent ?? 0n) + (c?.reserved ?? 0n) + amount > BigInt(limit)) {
        const r: Refusal = {
          code: "rate_limited",
          status: 429,
          policy: p.name,
          rule,
          limit,
          retry_after_s: retryAfter(minuteEnd, now),
          message: `policy "${p.name}": ${rule} limit ${limit} reached`,
        };
        const d = refuse(p, r);
        if (d) return d;
        continue;
      }
      if (!p.dryRun) holds.push({ key, limit: BigInt(limit), periodEnd: minuteEnd, amount, unit, source: p.name });
    }
  }

  // 3. budgets
  let model = input.model;
  let downgrade: { from: string; to: string; budget: string } | undefined;
  for (;;) {
    const covering = input.budgets.filter((b) => inWindow(b.window, now) && budgetCovers(b.budget, attribution, model));
    const enforcing = covering.filter((b) => b.budget.action !== "alert");
    const unpricedAlertBudgets = "unpriced" in cost ? covering.filter((b) => b.budget.action === "alert").map((b) => b.budget.name) : [];
    let retry: { budget: Budget } | undefined;
    const budgetHolds: HoldLine[] = [];
    for (const b of enforcing) {
      const { budget, window } = b;
      const limit = b.limit ?? usdToUnits(budget.amountUsd);
      if ("unpriced" in cost) {
        if (budget.action === "downgrade" && !downgrade) {
          retry = { budget };
          break;
        }
        return {
          kind: "refuse",
          refusal: {
            code: "unpriced_model",
            status: 403,
            budget: budget.name,
            model,
            reason: cost.unpriced,
            message: `model "${model}" cannot be priced (${cost.unpriced}), so budget "${budget.name}" cannot reserve it`,
          },
          dryRun,
        };
      }
      let amount = cost.units;
      if (budget.holdCapUsd !== undefined) {
        const cap = usdToUnits(budget.holdCapUsd);
        if (cap < amount) {
          amount = cap;
          notes.push(`budget "${budget.name}" holds its cap $${budget.holdCapUsd}, not the call's maximum $${cost.usd}`);
        }
      }
      if (b.spent + b.reserved + amount > limit) {
        if (budget.action === "downgrade" && !downgrade) {
          retry = { budget };
          break;
        }
        return { kind: "refuse", refusal: budgetExceeded(budget.name, b.spent, b.reserved, limit, window.end, now), dryRun };
      }
      budgetHolds.push({ key: b.key ?? budgetKey(budget.name, window), limit, periodEnd: window.end, amount, unit: "usd", source: budget.name });
    }
    if (retry) {
      const to = retry.budget.downgradeTo!;
      const b = input.budgets.find((x) => x.budget === retry!.budget)!;
      const exceeded = (): Decision =>
        "unpriced" in cost
          ? {
              kind: "refuse",
              refusal: {
                code: "unpriced_model",
                status: 403,
                budget: retry!.budget.name,
                model,
                reason: cost.unpriced,
                message: `model "${model}" cannot be priced (${cost.unpriced})`,
              },
              dryRun,
            }
          : {
              kind: "refuse",
              refusal: budgetExceeded(retry!.budget.name, b.spent, b.reserved, usdToUnits(retry!.budget.amountUsd), b.window.end, now),
              dryRun,
            };
      if (!input.reprice) return exceeded();
      const policyBlock = input.policies.filter((p) => scopeMatches(p.match, attribution, to) && !p.dryRun).some((p) => modelRefusal(p, to));
      if (policyBlock) {
        notes.push(`downgrade to "${to}" is denied by a policy`);
        return exceeded();
      }
      downgrade = { from: model, to, budget: retry.budget.name };
      model = to;
      cost = input.reprice(model, maxOut);
      continue;
    }
    const admitted: Admitted = { model, maxCost: cost, holds: [...holds, ...budgetHolds], unpricedAlertBudgets, dryRun, notes };
    if (maxOut !== undefined) admitted.maxOutputTokens = maxOut;
    if (!downgrade && !clamp) return { kind: "admit", ...admitted };
    const rewrite: Extract<Decision, { kind: "rewrite" }>["rewrite"] = {};
    if (downgrade) rewrite.model = downgrade;
    if (clamp) rewrite.maxOutputTokens = clamp;
    return { kind: "rewrite", rewrite, ...admitted };
  }
}
