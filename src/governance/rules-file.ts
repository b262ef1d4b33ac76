/**
 * Budgets and policies as people write them — in a file kept in git (`budget apply`) or an API
 * body — with snake_case fields, mapped to and from the camelCase domain types in this one
 * place. Every mistake is collected with its field path (`budgets[2].amount_usd`), so that a
 * file with an error is refused whole, and the caller can point at the line of each path.
 */
import { BudgetError, parseBudget, type Budget } from "./budget.js";
import type { Policy } from "./decide.js";
import { parsePolicy } from "./policy.js";

export type RulePath = readonly (string | number)[];
export interface RuleIssue {
  path: RulePath;
  message: string;
}

/** one or more mistakes in rule definitions, each with the path of its field */
export class RulesError extends BudgetError {
  constructor(readonly issues: readonly RuleIssue[]) {
    super(formatPath(issues[0]?.path ?? []), issues[0]?.message ?? "invalid rules");
    this.message = issues.map((i) => `${formatPath(i.path)}: ${i.message}`).join("\n");
  }
}

/** @example formatPath(["budgets", 2, "amount_usd"]) === "budgets[2].amount_usd" */
export function formatPath(path: RulePath): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out === "" ? p : `.${p}`;
  return out || "rules";
}

export interface RuleSet {
  budgets: Budget[];
  policies: Policy[];
}

export const BUDGET_FIELDS = ["name", "scope", "period", "tz", "amount_usd", "alerts", "action", "downgrade_to", "webhook", "hold_cap_usd"] as const;
export const POLICY_FIELDS = [
  "name",
  "match",
  "allow_models",
  "deny_models",
  "max_input_tokens",
  "max_output_tokens",
  "output_over_limit",
  "require_tier",
  "rate_limit",
  "dry_run",
] as const;
const RATE_FIELDS = ["requests_per_minute", "tokens_per_minute", "per"] as const;
const MONEY_FIELDS = new Set(["amount_usd", "amount", "hold_cap_usd"]);
/** fields whose members are scope keys, not field names: never renamed */
const MAPS = new Set(["scope", "match"]);

const camel = (s: string): string => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const snake = (s: string): string => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * A money field as an exact decimal string. A bare number in YAML or JSON is taken only when it
 * is its own shortest form with at most 15 significant digits: then it is the decimal as typed.
 */
function money(v: unknown): unknown {
  if (typeof v !== "number") return v;
  const s = String(v);
  if (!/^\d+(\.\d+)?$/.test(s) || s.replace(/\D/g, "").replace(/^0+/, "").length > 15)
    throw new Error(`${s} cannot be read exactly as a number: write it as a decimal string, such as "25.00"`);
  return s;
}

/** snake_case fields to camelCase ones, issues for unknown fields and unreadable money */
function toDomain(input: unknown, fields: readonly string[], at: RulePath, issues: RuleIssue[], aliases: Record<string, string> = {}): Record<string, unknown> {
  if (!isObject(input)) {
    issues.push({ path: at, message: "expected an object" });
    return {};
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    const field = aliases[key] ?? key;
    if (!fields.includes(field)) {
      issues.push({ path: [...at, key], message: `unknown field (one of ${fields.join(", ")})` });
      continue;
    }
    if (camel(field) in out) {
      issues.push({ path: [...at, key], message: `given twice (${Object.keys(aliases).find((a) => aliases[a] === field)} is ${field})` });
      continue;
    }
    try {
      out[camel(field)] = MONEY_FIELDS.has(key) ? money(value) : value;
    } catch (e) {
      issues.push({ path: [...at, key], message: (e as Error).message });
    }
  }
  return out;
}

/** a domain error's field ("amountUsd", "rateLimit.per", "scope.tag.x") as the path the user wrote */
function userPath(field: string, at: RulePath, input: unknown): RulePath {
  const [first = "", ...rest] = field.split(".");
  let name = snake(first);
  // `amount` is accepted for `amount_usd`: name the one the user wrote
  if (name === "amount_usd" && isObject(input) && !("amount_usd" in input) && "amount" in input) name = "amount";
  if (MAPS.has(name)) return [...at, name, ...(rest.length ? [rest.join(".")] : [])];
  return [...at, name, ...rest.map((s) => (/^\d+$/.test(s) ? Number(s) : snake(s)))];
}

function checked<T>(parse: (x: unknown) => T, domain: Record<string, unknown>, at: RulePath, input: unknown, issues: RuleIssue[]): T | undefined {
  try {
    return parse(domain);
  } catch (e) {
    if (!(e instanceof BudgetError)) throw e;
    issues.push({ path: userPath(e.field, at, input), message: e.message.slice(e.field.length + 2) });
    return undefined;
  }
}

function budgetAt(input: unknown, at: RulePath, issues: RuleIssue[]): Budget | undefined {
  const before = issues.length;
  const domain = toDomain(input, BUDGET_FIELDS, at, issues, { amount: "amount_usd" });
  if (issues.length > before) return undefined;
  return checked(parseBudget, domain, at, input, issues);
}

function policyAt(input: unknown, at: RulePath, issues: RuleIssue[]): Policy | undefined {
  const before = issues.length;
  const domain = toDomain(input, POLICY_FIELDS, at, issues);
  if (domain.rateLimit !== undefined) domain.rateLimit = toDomain(domain.rateLimit, RATE_FIELDS, [...at, "rate_limit"], issues);
  if (issues.length > before) return undefined;
  return checked(parsePolicy, domain, at, input, issues);
}

/**
 * One budget from its snake_case fields (a file entry, an API body); throws a RulesError.
 * @example budgetFromFields({ name: "search", scope: { team: "search" }, period: "month", amount_usd: "500", action: "block" })
 */
export function budgetFromFields(input: unknown, at: RulePath = []): Budget {
  const issues: RuleIssue[] = [];
  const b = budgetAt(input, at, issues);
  if (!b) throw new RulesError(issues);
  return b;
}

/** one policy from its snake_case fields; throws a RulesError */
export function policyFromFields(input: unknown, at: RulePath = []): Policy {
  const issues: RuleIssue[] = [];
  const p = policyAt(input, at, issues);
  if (!p) throw new RulesError(issues);
  return p;
}

/** a budget as snake_case fields: what a file, the API and `budget list --json` show */
export function budgetFields(b: Budget): Record<string, unknown> {
  return fields(b);
}

/** a policy as snake_case fields */
export function policyFields(p: Policy): Record<string, unknown> {
  return fields(p);
}

function fields(x: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(x)) {
    if (v === undefined) continue;
    out[snake(k)] = isObject(v) && k !== "scope" && k !== "match" ? fields(v) : v;
  }
  return out;
}

/**
 * A whole rules document, `{budgets: [...], policies: [...]}`, checked entirely before anything
 * is used: every issue is reported, duplicate names included; throws a RulesError.
 */
export function parseRuleSet(doc: unknown): RuleSet {
  const issues: RuleIssue[] = [];
  const set: RuleSet = { budgets: [], policies: [] };
  if (doc === null || doc === undefined) return set;
  if (!isObject(doc)) throw new RulesError([{ path: [], message: "expected an object with budgets and policies lists" }]);
  for (const key of Object.keys(doc)) if (key !== "budgets" && key !== "policies") issues.push({ path: [key], message: "unknown field (budgets or policies)" });
  const each = <T extends { name: string }>(
    key: "budgets" | "policies",
    parse: (x: unknown, at: RulePath, issues: RuleIssue[]) => T | undefined,
    into: T[],
  ) => {
    const list = doc[key];
    if (list === undefined || list === null) return;
    if (!Array.isArray(list)) return void issues.push({ path: [key], message: "expected a list" });
    const seen = new Map<string, number>();
    list.forEach((entry, i) => {
      const rule = parse(entry, [key, i], issues);
      if (!rule) return;
      const first = seen.get(rule.name);
      if (first !== undefined) issues.push({ path: [key, i, "name"], message: `"${rule.name}" is also ${key}[${first}]` });
      else seen.set(rule.name, i);
      into.push(rule);
    });
  };
  each("budgets", budgetAt, set.budgets);
  each("policies", policyAt, set.policies);
  if (issues.length) throw new RulesError(issues);
  return set;
}
