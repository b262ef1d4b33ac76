/**
 * The DuckDB ledger on a thread of its own: the store is opened in a worker (`./ledger-thread.ts`)
 * and every call goes to it as a message. `tokenomics serve` keeps its ledger here, so that batch
 * inserts, their CSV formatting and the reading back of report rows never take turns with the
 * proxy on the event loop. A DuckDB file has one owner per process, so the worker opens it and
 * nothing else does.
 */
import { Worker } from "node:worker_threads";
import type { Outcome } from "../outcome.js";
import type {
  AggregateQuery,
  AggregateResult,
  AppendResult,
  EventWriter,
  Filter,
  InteractionQuery,
  InteractionRow,
  InteractionSummaryQuery,
  InteractionSummaryRow,
  UsageProfileQuery,
  ListQuery,
  OutcomeSummaryQuery,
  OutcomeSummaryRow,
  BudgetAlert,
  RuleChange,
  Store,
  VirtualKey,
} from "../store.js";
import type { Budget, Policy } from "../../governance/index.js";
import type { UsageEvent } from "../../usage/event.js";
import type { UsageProfile } from "../../optimize/profile-rows.js";

/** the store's methods the thread answers (arguments and answers are plain data) */
export const THREAD_METHODS = [
  "append",
  "appendEventLines",
  "aggregate",
  "list",
  "interactions",
  "interactionSummary",
  "usageProfile",
  "count",
  "range",
  "appendOutcomes",
  "outcomeSummary",
  "saveKey",
  "listKeys",
  "revokeKey",
  "listBudgets",
  "saveBudget",
  "deleteBudget",
  "listPolicies",
  "savePolicy",
  "deletePolicy",
  "alertsSent",
  "recordAlert",
  "close",
] as const;
export type ThreadMethod = (typeof THREAD_METHODS)[number];

export type ToThread = { id: number; method: ThreadMethod; args: unknown[] };
export type FromThread = { ready: true } | { ready: false; error: Error } | { id: number; value: unknown } | { id: number; error: Error };

const THREAD = new URL("./ledger-thread.js", import.meta.url);

/** events as the gateway spools them: one JSON object a line */
export function parseEventLines(lines: string): UsageEvent[] {
  const events: UsageEvent[] = [];
  let start = 0;
  while (start < lines.length) {
    let end = lines.indexOf("\n", start);
    if (end < 0) end = lines.length;
    if (end > start) events.push(JSON.parse(lines.slice(start, end)) as UsageEvent);
    start = end + 1;
  }
  return events;
}

export class ThreadStore implements Store {
  private readonly calls = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private next = 0;
  private stopped: Error | undefined;

  private constructor(private readonly worker: Worker) {
    worker.on("message", (m: FromThread) => this.receive(m));
    worker.on("error", (e) => this.stop(e));
    worker.on("exit", (code) => this.stop(new Error(`the ledger thread stopped (exit code ${code})`)));
  }

  /**
   * open (creating and migrating if needed) a ledger file in a thread of its own
   * @example
   * const store = await ThreadStore.open("ledger.duckdb");
   * await store.count(); // asked of the thread
   * await store.close();
   */
  static open(path: string): Promise<ThreadStore> {
    const worker = new Worker(THREAD, { workerData: { path } });
    return new Promise((resolve, reject) => {
      const onExit = (code: number): void => reject(new Error(`the ledger thread stopped before it opened ${path} (exit code ${code})`));
      worker.once("error", reject);
      worker.once("exit", onExit);
      worker.once("message", (m: FromThread) => {
        worker.off("error", reject);
        worker.off("exit", onExit);
        if ("ready" in m && m.ready) {
          worker.unref();
          resolve(new ThreadStore(worker));
        } else {
          reject("error" in m ? m.error : new Error("the ledger thread did not start"));
          void worker.terminate();
        }
      });
    });
  }

  private call<T>(method: ThreadMethod, ...args: unknown[]): Promise<T> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.next++;
    // the thread keeps the process alive only while it owes an answer
    if (this.calls.size === 0) this.worker.ref();
    return new Promise<T>((resolve, reject) => {
      this.calls.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ id, method, args } satisfies ToThread);
    });
  }

  private receive(m: FromThread): void {
    if (!("id" in m)) return;
    const call = this.calls.get(m.id);
    if (!call) return;
    this.calls.delete(m.id);
    if (this.calls.size === 0) this.worker.unref();
    if ("error" in m) call.reject(m.error);
    else call.resolve(m.value);
  }

  /** the thread is gone: every call waiting, and every later one, fails with why */
  private stop(error: Error): void {
    this.stopped ??= error;
    for (const call of this.calls.values()) call.reject(this.stopped);
    this.calls.clear();
  }

  append(events: readonly UsageEvent[], options: { replace?: boolean } = {}): Promise<AppendResult> {
    return this.call("append", events, options);
  }

  appendEventLines(lines: string): Promise<AppendResult> {
    return this.call("appendEventLines", lines);
  }

  /** events gather here and cross to the thread as one batch at `flush` */
  writer(options: { replace?: boolean } = {}): EventWriter {
    let batch: UsageEvent[] = [];
    return {
      add: (e) => void batch.push(e),
      get pending() {
        return batch.length;
      },
      flush: () => {
        const events = batch;
        batch = [];
        return this.append(events, options);
      },
    };
  }

  aggregate(q: AggregateQuery): Promise<AggregateResult> {
    return this.call("aggregate", q);
  }
  list(q: ListQuery): Promise<UsageEvent[]> {
    return this.call("list", q);
  }
  interactions(q: InteractionQuery): Promise<InteractionRow[]> {
    return this.call("interactions", q);
  }
  interactionSummary(q: InteractionSummaryQuery): Promise<InteractionSummaryRow[]> {
    return this.call("interactionSummary", q);
  }
  usageProfile(q: UsageProfileQuery): Promise<UsageProfile> {
    return this.call("usageProfile", q);
  }
  count(filter: Filter = {}): Promise<number> {
    return this.call("count", filter);
  }
  range(filter: Filter = {}): Promise<{ events: number; first: string | null; last: string | null }> {
    return this.call("range", filter);
  }
  appendOutcomes(outcomes: readonly Outcome[]): Promise<AppendResult> {
    return this.call("appendOutcomes", outcomes);
  }
  outcomeSummary(q: OutcomeSummaryQuery): Promise<OutcomeSummaryRow[]> {
    return this.call("outcomeSummary", q);
  }
  saveKey(key: VirtualKey): Promise<void> {
    return this.call("saveKey", key);
  }
  listKeys(): Promise<VirtualKey[]> {
    return this.call("listKeys");
  }
  revokeKey(id: string, at: string): Promise<boolean> {
    return this.call("revokeKey", id, at);
  }
  listBudgets(): Promise<Budget[]> {
    return this.call("listBudgets");
  }
  saveBudget(budget: Budget): Promise<RuleChange> {
    return this.call("saveBudget", budget);
  }
  deleteBudget(name: string): Promise<boolean> {
    return this.call("deleteBudget", name);
  }
  listPolicies(): Promise<Policy[]> {
    return this.call("listPolicies");
  }
  savePolicy(policy: Policy): Promise<RuleChange> {
    return this.call("savePolicy", policy);
  }
  deletePolicy(name: string): Promise<boolean> {
    return this.call("deletePolicy", name);
  }
  alertsSent(budget: string, periodStart: string): Promise<{ threshold: number; sent_at: string }[]> {
    return this.call("alertsSent", budget, periodStart);
  }
  recordAlert(alert: BudgetAlert): Promise<boolean> {
    return this.call("recordAlert", alert);
  }

  /** a pricer is a function, which cannot cross to the thread: re-price with a store of the file's own */
  reprice(): never {
    throw new Error("reprice needs the ledger opened in this thread (DuckDbStore.open): stop `tokenomics serve` first");
  }

  async close(): Promise<void> {
    if (this.stopped) return;
    await this.call("close");
    await this.worker.terminate();
  }
}
