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
  Store,
  VirtualKey,
} from "../store.js";
import type { Outcome } from "../outcome.js";
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
