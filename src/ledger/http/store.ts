/**
 * The ledger through a running `tokenomics serve`: the embedded database has one writer, so while
 * the server owns the file the CLI's read and key commands ask it over HTTP. Same `Store`
 * interface, so the commands do not know the difference; writing events is the server's job
 * (outcomes, small and from the app, are posted to it).
 */
import type {
  AggregateQuery,
  AggregateResult,
  AppendResult,
  Filter,
  InteractionQuery,
  InteractionRow,
  InteractionSummaryQuery,
  InteractionSummaryRow,
  ListQuery,
  OutcomeSummaryQuery,
  OutcomeSummaryRow,
  RuleChange,
  Store,
  UsageProfileQuery,
  VirtualKey,
} from "../store.js";
import type { UsageProfile } from "../../optimize/profile-rows.js";
import type { Outcome } from "../outcome.js";
import { budgetFields, budgetFromFields, policyFields, policyFromFields, type Budget, type Policy, type RuleSet } from "../../governance/index.js";
import type { AppliedChange, ApplyOptions } from "../apply-rules.js";
import type { BudgetStatusReport } from "../reports/budget-status.js";
import type { UsageEvent } from "../../usage/event.js";

export class ServerUnavailable extends Error {}

export class HttpStore implements Store {
  constructor(
    private readonly base: string,
    private readonly token: string | undefined,
  ) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(new URL(path, this.base), {
        method,
        headers: { "content-type": "application/json", ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (e) {
      throw new ServerUnavailable(`cannot reach the server at ${this.base}: ${(e as Error).message}`);
    }
    const json = (await res.json().catch(() => ({}))) as { error?: { message?: string } } & T;
    if (!res.ok) throw new ServerUnavailable(`${this.base} answered ${res.status}: ${json.error?.message ?? res.statusText}`);
    return json;
  }

  private async query<T>(name: string, q: unknown): Promise<T> {
    return (await this.call<{ result: T }>("POST", `/api/store/${name}`, q)).result;
  }

  aggregate(q: AggregateQuery): Promise<AggregateResult> {
    return this.query("aggregate", q);
  }
  list(q: ListQuery): Promise<UsageEvent[]> {
    return this.query("list", q);
  }
  interactions(q: InteractionQuery): Promise<InteractionRow[]> {
    return this.query("interactions", q);
  }
  interactionSummary(q: InteractionSummaryQuery): Promise<InteractionSummaryRow[]> {
    return this.query("interaction-summary", q);
  }
  outcomeSummary(q: OutcomeSummaryQuery): Promise<OutcomeSummaryRow[]> {
    return this.query("outcome-summary", q);
  }
  usageProfile(q: UsageProfileQuery): Promise<UsageProfile> {
    return this.query("usage-profile", q);
  }
  /** outcomes are small and come from the app, not the gateway: the server records them (POST /api/outcomes) */
  appendOutcomes(outcomes: readonly Outcome[]): Promise<AppendResult> {
    return this.call("POST", "/api/outcomes", { outcomes });
  }
  count(q: Filter = {}): Promise<number> {
    return this.query("count", q);
  }
  range(q: Filter = {}): Promise<{ events: number; first: string | null; last: string | null }> {
    return this.query("range", q);
  }
  async listKeys(): Promise<VirtualKey[]> {
    return (await this.call<{ keys: VirtualKey[] }>("GET", "/api/keys")).keys;
  }
  /** creates a key on the server: it makes the secret; returns it */
  async createKey(scope: Record<string, string>, name?: string): Promise<{ key: string; id: string }> {
    return this.call("POST", "/api/keys", { ...scope, ...(name ? { name } : {}) });
  }
  saveKey(): Promise<void> {
    throw new ServerUnavailable("keys are made by the server over HTTP: use createKey");
  }
  async revokeKey(id: string): Promise<boolean> {
    try {
      await this.call("DELETE", `/api/keys/${encodeURIComponent(id)}`);
      return true;
    } catch (e) {
      if (/ 404:/.test((e as Error).message)) return false;
      throw e;
    }
  }
  /** budgets and policies travel as their snake_case fields, as the API takes and answers them */
  async listBudgets(): Promise<Budget[]> {
    return (await this.call<{ budgets: unknown[] }>("GET", "/api/budgets")).budgets.map((b) => budgetFromFields(b));
  }
  async saveBudget(budget: Budget): Promise<RuleChange> {
    return (await this.call<{ change: RuleChange }>("PUT", `/api/budgets/${encodeURIComponent(budget.name)}`, budgetFields(budget))).change;
  }
  deleteBudget(name: string): Promise<boolean> {
    return this.deleted(`/api/budgets/${encodeURIComponent(name)}`);
  }
  async listPolicies(): Promise<Policy[]> {
    return (await this.call<{ policies: unknown[] }>("GET", "/api/policies")).policies.map((p) => policyFromFields(p));
  }
  async savePolicy(policy: Policy): Promise<RuleChange> {
    return (await this.call<{ change: RuleChange }>("PUT", `/api/policies/${encodeURIComponent(policy.name)}`, policyFields(policy))).change;
  }
  deletePolicy(name: string): Promise<boolean> {
    return this.deleted(`/api/policies/${encodeURIComponent(name)}`);
  }
  /** the status as the server has it: its reserved money and refused calls are live */
  budgetStatus(name?: string): Promise<BudgetStatusReport> {
    return this.call("GET", `/api/budgets/status${name === undefined ? "" : `?name=${encodeURIComponent(name)}`}`);
  }
  /** a rules file applied by the server, so that its gateway reloads the rules at once */
  async applyRules(rules: RuleSet, options: ApplyOptions = {}): Promise<AppliedChange[]> {
    const body = {
      budgets: rules.budgets.map(budgetFields),
      policies: rules.policies.map(policyFields),
      prune: options.prune === true,
      dry_run: options.dryRun === true,
    };
    return (await this.call<{ changes: AppliedChange[] }>("POST", "/api/budgets/apply", body)).changes;
  }
  /** alerts are the server's to send and record: it reads them from its own ledger */
  alertsSent(): never {
    throw new ServerUnavailable("the server keeps the alerts it sent: ask it for GET /api/budgets/status");
  }
  recordAlert(): never {
    return this.alertsSent();
  }
  private async deleted(path: string): Promise<boolean> {
    try {
      await this.call("DELETE", path);
      return true;
    } catch (e) {
      if (/ 404:/.test((e as Error).message)) return false;
      throw e;
    }
  }
  append(): never {
    throw new ServerUnavailable("the server writes the ledger: stop `tokenomics serve` to import, or import into another file");
  }
  writer(): never {
    return this.append();
  }
  reprice(): never {
    return this.append();
  }
  async close(): Promise<void> {}
}
