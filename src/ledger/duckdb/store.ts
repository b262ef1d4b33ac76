import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import type { UsageEvent } from "../../usage/event.js";
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
  RepriceResult,
  RuleChange,
  Store,
  VirtualKey,
} from "../store.js";
import type { Budget, Policy } from "../../governance/index.js";
import type { JsonLinesOptions, JsonLinesPlan, JsonLinesResult } from "../native-import-plan.js";
import { importJsonLines } from "./native-import.js";
import { CsvSpool } from "./spool.js";
import type { Outcome } from "../outcome.js";
import { aggregate, count, insertSpool, list, range } from "./events.js";
import { interactions, interactionSummary } from "./interactions.js";
import { listKeys, revokeKey, saveKey } from "./keys.js";
import { alertsSent, deleteRule, listRules, recordAlert, saveRule } from "./governance.js";
import { insertOutcomes, outcomeSummary } from "./outcomes.js";
import { usageProfile } from "./profile.js";
import type { UsageProfile } from "../../optimize/profile-rows.js";
import { reprice } from "./reprice.js";
import { migrations } from "./schema.js";
import type { Params, ReadRows } from "./sql.js";

/**
 * The embedded ledger: one DuckDB file, created and migrated on first use. Events arrive in
 * batches through a CSV file that DuckDB's own parser reads (far faster than a value-by-value
 * appender from JS), each batch one atomic `INSERT OR IGNORE`: a killed import leaves whole
 * batches, and re-running it skips what is already stored.
 *
 * The class owns the connections; each concern's SQL lives in a module of its own (`events.ts`,
 * `interactions.ts`, `keys.ts`, `governance.ts`, `outcomes.ts`, `reprice.ts`) that it delegates to.
 */
export class DuckDbStore implements Store {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly db: DuckDBConnection,
    readonly path: string,
  ) {}

  /** open (creating and migrating if needed) a ledger file, or ":memory:" */
  static async open(path: string): Promise<DuckDbStore> {
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    const instance = await DuckDBInstance.create(path);
    const db = await instance.connect();
    await db.run("SET TimeZone = 'UTC'");
    const store = new DuckDbStore(instance, db, path);
    await store.migrate();
    return store;
  }

  private async migrate(): Promise<void> {
    let version = 0;
    const hasMeta = await this.rows("SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_name = 'meta'");
    if (Number(hasMeta[0]?.n) > 0) {
      const v = await this.rows("SELECT value FROM meta WHERE key = 'schema_version'");
      version = Number(v[0]?.value ?? 0);
    }
    await this.db.run("BEGIN TRANSACTION");
    try {
      for (const sql of migrations(version)) await this.db.run(sql);
      await this.db.run("COMMIT");
    } catch (e) {
      await this.db.run("ROLLBACK");
      throw e;
    }
  }

  /** connections for reads: a query runs on its own, so reports asked for together run together */
  private readonly idleReaders: DuckDBConnection[] = [];

  /** a read on an idle reader connection: what the concern modules query through */
  private readonly read: ReadRows = (sql, params = {}) => this.rows(sql, params);

  private async rows(sql: string, params: Params = {}): Promise<Record<string, unknown>[]> {
    let conn = this.idleReaders.pop();
    if (!conn) {
      conn = await this.instance.connect();
      await conn.run("SET TimeZone = 'UTC'");
    }
    try {
      const reader = await conn.runAndReadAll(sql, params);
      return reader.getRowObjectsJS() as Record<string, unknown>[];
    } finally {
      this.idleReaders.push(conn);
    }
  }

  async append(events: readonly UsageEvent[], options: { replace?: boolean } = {}): Promise<AppendResult> {
    const writer = this.writer(options);
    for (const e of events) writer.add(e);
    return writer.flush();
  }

  writer(options: { replace?: boolean } = {}): EventWriter {
    let spool = new CsvSpool();
    let previous: Promise<unknown> = Promise.resolve();
    return {
      add: (e) => spool.add(e),
      get pending() {
        return spool.rows + spool.repeats;
      },
      flush: () => {
        const batch = spool;
        spool = new CsvSpool();
        // one statement at a time on the connection: a flush waits for the one before
        const result = previous.then(() => insertSpool(this.db, batch, options.replace === true));
        previous = result.catch(() => undefined);
        return result;
      },
    };
  }

  /** a transaction on a connection of its own: a batch of events on the main one never joins it */
  private async ownConnection<T>(work: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    const conn = await this.instance.connect();
    try {
      await conn.run("SET TimeZone = 'UTC'");
      return await work(conn);
    } finally {
      conn.closeSync();
    }
  }

  /** outcomes, atomically, on a connection of their own: see `./outcomes.ts` */
  appendOutcomes(outcomes: readonly Outcome[]): Promise<AppendResult> {
    return this.ownConnection((conn) => insertOutcomes(conn, outcomes));
  }

  listBudgets(): Promise<Budget[]> {
    return listRules(this.read, "budgets");
  }

  saveBudget(budget: Budget): Promise<RuleChange> {
    return this.ownConnection((conn) => saveRule(conn, "budgets", budget));
  }

  deleteBudget(name: string): Promise<boolean> {
    return deleteRule(this.db, "budgets", name);
  }

  listPolicies(): Promise<Policy[]> {
    return listRules(this.read, "policies");
  }

  savePolicy(policy: Policy): Promise<RuleChange> {
    return this.ownConnection((conn) => saveRule(conn, "policies", policy));
  }

  deletePolicy(name: string): Promise<boolean> {
    return deleteRule(this.db, "policies", name);
  }

  alertsSent(budget: string, periodStart: string): Promise<{ threshold: number; sent_at: string }[]> {
    return alertsSent(this.read, budget, periodStart);
  }

  recordAlert(alert: BudgetAlert): Promise<boolean> {
    return recordAlert(this.db, alert);
  }

  outcomeSummary(q: OutcomeSummaryQuery): Promise<OutcomeSummaryRow[]> {
    return outcomeSummary(this.read, q);
  }

  saveKey(key: VirtualKey): Promise<void> {
    return saveKey(this.db, key);
  }

  listKeys(): Promise<VirtualKey[]> {
    return listKeys(this.read);
  }

  revokeKey(id: string, at: string): Promise<boolean> {
    return revokeKey(this.db, id, at);
  }

  importJsonLines(file: string, plan: JsonLinesPlan, options: JsonLinesOptions): Promise<JsonLinesResult | undefined> {
    return importJsonLines(this.db, file, plan, options);
  }

  count(filter: Filter = {}): Promise<number> {
    return count(this.read, filter);
  }

  range(filter: Filter = {}): Promise<{ events: number; first: string | null; last: string | null }> {
    return range(this.read, filter);
  }

  aggregate(q: AggregateQuery): Promise<AggregateResult> {
    return aggregate(this.read, q);
  }

  list(q: ListQuery): Promise<UsageEvent[]> {
    return list(this.read, q);
  }

  interactions(q: InteractionQuery): Promise<InteractionRow[]> {
    return interactions(this.read, q);
  }

  interactionSummary(q: InteractionSummaryQuery): Promise<InteractionSummaryRow[]> {
    return interactionSummary(this.read, q);
  }

  usageProfile(q: UsageProfileQuery): Promise<UsageProfile> {
    return usageProfile(this.read, q);
  }

  reprice(filter: Filter, price: (e: UsageEvent) => UsageEvent, onProgress?: (done: number) => void): Promise<RepriceResult> {
    return reprice(this.db, this.read, filter, price, onProgress);
  }

  async close(): Promise<void> {
    for (const conn of this.idleReaders.splice(0)) conn.closeSync();
    this.db.closeSync();
    this.instance.closeSync();
  }
}
