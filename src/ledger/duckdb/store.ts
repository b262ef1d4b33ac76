import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import Big from "big.js";
import { USAGE_FIELDS, usage, type UsageField } from "../../usage/usage.js";
import type { UsageEvent } from "../../usage/event.js";
import { sumDecimals } from "../../shared/decimal.js";
import { keepTop } from "../rollup.js";
import type {
  AggregateQuery,
  AggregateResult,
  AggregateRow,
  AppendResult,
  EventWriter,
  Filter,
  InteractionQuery,
  InteractionRow,
  InteractionSummaryQuery,
  InteractionSummaryRow,
  ListQuery,
  OutcomeSummaryQuery,
  OutcomeSummaryRow,
  RepriceResult,
  Store,
  VirtualKey,
} from "../store.js";
import { COLUMNS, eventFromRow, trimDecimal, utcIso } from "./columns.js";
import type { JsonLinesOptions, JsonLinesPlan, JsonLinesResult } from "../json-lines.js";
import { importJsonLines } from "./json-lines.js";
import { CsvSpool } from "./spool.js";
import type { Outcome } from "../outcome.js";
import { insertOutcomes, outcomeSummary } from "./outcomes.js";
import { migrations, READ_BATCH } from "./schema.js";
import { dimensionExpr, periodExpr, sumColumns, whereClause } from "./sql.js";

type Params = Record<string, string | number>;

/**
 * The embedded ledger: one DuckDB file, created and migrated on first use. Events arrive in
 * batches through a CSV file that DuckDB's own parser reads (far faster than a value-by-value
 * appender from JS), each batch one atomic `INSERT OR IGNORE`: a killed import leaves whole
 * batches, and re-running it skips what is already stored.
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
        const result = previous.then(() => this.insertSpool(batch, options.replace === true));
        previous = result.catch(() => undefined);
        return result;
      },
    };
  }

  /** one batch file into the events table, in one atomic statement */
  private async insertSpool(spool: CsvSpool, replace: boolean): Promise<AppendResult> {
    const file = spool.finish();
    try {
      if (spool.rows === 0) return { inserted: 0, duplicates: spool.repeats };
      const insert = (verb: string) => this.db.run(`${verb} INTO events SELECT * FROM ${READ_BATCH}`, { file });
      let result;
      if (replace) result = await insert("INSERT OR REPLACE");
      else {
        // a plain insert costs ~40% less than one that checks each key for a conflict; ids are
        // rarely stored already (a replay, a re-import), and then the batch is inserted again, skipping them
        try {
          result = await insert("INSERT");
        } catch (e) {
          if (!/duplicate key|primary key|unique/i.test((e as Error).message)) throw e;
          result = await insert("INSERT OR IGNORE");
        }
      }
      const inserted = result.rowsChanged;
      return { inserted, duplicates: spool.rows + spool.repeats - inserted };
    } finally {
      spool.remove();
    }
  }

  /** outcomes, atomically, on a connection of their own: see `./outcomes.ts` */
  async appendOutcomes(outcomes: readonly Outcome[]): Promise<AppendResult> {
    const conn = await this.instance.connect();
    try {
      await conn.run("SET TimeZone = 'UTC'");
      return await insertOutcomes(conn, outcomes);
    } finally {
      conn.closeSync();
    }
  }

  outcomeSummary(q: OutcomeSummaryQuery): Promise<OutcomeSummaryRow[]> {
    return outcomeSummary((sql, params) => this.rows(sql, params), q);
  }

  async saveKey(key: VirtualKey): Promise<void> {
    await this.db.run("INSERT INTO keys VALUES ($id, $hash, $hint, $name, $scope, $created_at::TIMESTAMP, NULL)", {
      id: key.id,
      hash: key.hash,
      hint: key.hint,
      name: key.name ?? "",
      scope: JSON.stringify(key.scope),
      created_at: key.created_at,
    });
  }

  async listKeys(): Promise<VirtualKey[]> {
    const rows = await this.rows(
      `SELECT id, hash, hint, nullif(name, '') AS name, scope, strftime(created_at, '%Y-%m-%dT%H:%M:%S.%g') || 'Z' AS created_at,
        strftime(revoked_at, '%Y-%m-%dT%H:%M:%S.%g') || 'Z' AS revoked_at FROM keys ORDER BY created_at, id`,
    );
    return rows.map((r) => ({
      id: String(r.id),
      hash: String(r.hash),
      hint: String(r.hint),
      name: r.name === null ? null : String(r.name),
      scope: JSON.parse(String(r.scope)) as Record<string, string>,
      created_at: String(r.created_at),
      revoked_at: r.revoked_at === null ? null : String(r.revoked_at),
    }));
  }

  async revokeKey(id: string, at: string): Promise<boolean> {
    const r = await this.db.run("UPDATE keys SET revoked_at = $at::TIMESTAMP WHERE id = $id AND revoked_at IS NULL", { id, at: utcIso(at) });
    return r.rowsChanged > 0;
  }

  importJsonLines(file: string, plan: JsonLinesPlan, options: JsonLinesOptions): Promise<JsonLinesResult | undefined> {
    return importJsonLines(this.db, file, plan, options);
  }

  async count(filter: Filter = {}): Promise<number> {
    const params: Params = {};
    const r = await this.rows(`SELECT count(*)::BIGINT AS n FROM events ${whereClause(filter, params)}`, params);
    return Number(r[0]?.n ?? 0);
  }

  async range(filter: Filter = {}): Promise<{ events: number; first: string | null; last: string | null }> {
    const params: Params = {};
    const iso = (c: string) => `strftime(${c}, '%Y-%m-%dT%H:%M:%S.%g') || 'Z'`;
    const r = await this.rows(`SELECT count(*)::BIGINT AS n, ${iso("min(ts)")} AS first, ${iso("max(ts)")} AS last FROM events ${whereClause(filter, params)}`, params);
    const row = r[0] ?? {};
    return { events: Number(row.n ?? 0), first: row.first === null || row.first === undefined ? null : String(row.first), last: row.last === null || row.last === undefined ? null : String(row.last) };
  }

  async aggregate(q: AggregateQuery): Promise<AggregateResult> {
    const params: Params = {};
    const where = whereClause(q, params);
    const groups = q.by.map((d, i) => `${dimensionExpr(d, params)} AS "g${i}"`);
    if (q.every) groups.unshift(`${periodExpr(q.every, q.tz ?? "UTC", params)} AS period`);
    const groupNames = [...(q.every ? ["period"] : []), ...q.by.map((_, i) => `"g${i}"`)];
    const grouped = `SELECT ${[...groups, sumColumns(q.costs === true)].join(", ")} FROM events ${where}
      ${groupNames.length ? `GROUP BY ${groupNames.join(", ")}` : ""}`;
    const order = groupNames.length ? `ORDER BY ${groupNames.map((g) => `${g} NULLS LAST`).join(", ")}` : "";
    const sql = q.every
      ? `SELECT strftime(period, '%Y-%m-%d') AS period, * EXCLUDE (period) FROM (${grouped}) ${order}`
      : `${grouped} ${order}`;
    let rows: AggregateRow[] = (await this.rows(sql, params)).map((r) => rowOf(r, q));
    if (q.top !== undefined) rows = keepTop(rows, q.by, q.top);
    if (q.by.length > 0 && !q.every) rows.sort((a, b) => new Big(b.total_usd).cmp(a.total_usd));

    const unpricedParams: Params = {};
    const unpricedWhere = whereClause(q, unpricedParams);
    const unpriced = await this.rows(
      `SELECT model, any_value(unpriced_reason) AS reason, count(*)::BIGINT AS n FROM events
       ${unpricedWhere ? `${unpricedWhere} AND NOT priced` : "WHERE NOT priced"} GROUP BY model ORDER BY n DESC, model`,
      unpricedParams,
    );
    return {
      rows,
      events: rows.reduce((n, r) => n + r.events, 0),
      unpriced_events: rows.reduce((n, r) => n + r.unpriced_events, 0),
      total_usd: sumDecimals(rows.map((r) => r.total_usd)),
      unpriced: unpriced.map((r) => ({ model: String(r.model), reason: String(r.reason ?? ""), events: Number(r.n) })),
    };
  }

  async list(q: ListQuery): Promise<UsageEvent[]> {
    const params: Params = {};
    let where = whereClause(q, params);
    if (q.trace_id !== undefined) {
      params.trace = q.trace_id;
      where = where ? `${where} AND trace_id = $trace` : "WHERE trace_id = $trace";
    }
    params.limit = q.limit ?? 100;
    params.offset = q.offset ?? 0;
    const rows = await this.rows(
      `SELECT ${selectAll()} FROM events ${where} ORDER BY ts, id LIMIT $limit OFFSET $offset`,
      params,
    );
    return rows.map(eventFromRow);
  }

  async interactions(q: InteractionQuery): Promise<InteractionRow[]> {
    const params: Params = {};
    const where = whereClause(q, params);
    params.limit = q.limit ?? 20;
    const rows = await this.rows(
      `WITH calls AS (SELECT * FROM events ${where ? `${where} AND` : "WHERE"} trace_id IS NOT NULL)
       SELECT trace_id,
         strftime(min(ts), '%Y-%m-%dT%H:%M:%S.%gZ') AS started,
         arg_min(feature, ts) AS feature, arg_min(team, ts) AS team, arg_min(customer, ts) AS customer,
         count(*)::BIGINT AS calls,
         count(*) FILTER (WHERE is_retry)::BIGINT AS retries,
         count(*) FILTER (WHERE is_tool_call)::BIGINT AS tool_calls,
         count(*) FILTER (WHERE status <> 'ok')::BIGINT AS errors,
         count(*) FILTER (WHERE NOT priced)::BIGINT AS unpriced_calls,
         coalesce(sum(total_usd), 0)::VARCHAR AS total_usd,
         arg_max(total_usd, ts) FILTER (WHERE status = 'ok')::VARCHAR AS final_call_usd
       FROM calls GROUP BY trace_id
       ORDER BY ${q.order === "calls" ? "calls DESC, sum(total_usd) DESC" : "sum(total_usd) DESC NULLS LAST, calls DESC"}, trace_id
       LIMIT $limit`,
      params,
    );
    return rows.map((r) => ({
      trace_id: String(r.trace_id),
      started: String(r.started),
      feature: (r.feature as string | null) ?? null,
      team: (r.team as string | null) ?? null,
      customer: (r.customer as string | null) ?? null,
      calls: Number(r.calls),
      retries: Number(r.retries),
      tool_calls: Number(r.tool_calls),
      errors: Number(r.errors),
      unpriced_calls: Number(r.unpriced_calls),
      total_usd: trimDecimal(String(r.total_usd)),
      final_call_usd: r.final_call_usd === null || r.final_call_usd === undefined ? null : trimDecimal(String(r.final_call_usd)),
    }));
  }

  async interactionSummary(q: InteractionSummaryQuery): Promise<InteractionSummaryRow[]> {
    const params: Params = {};
    const where = whereClause(q, params);
    const dims = q.by.map((d, i) => `arg_min(${dimensionExpr(d, params)}, ts) AS "g${i}"`);
    const groups = q.by.map((_, i) => `"g${i}"`);
    const rows = await this.rows(
      `WITH per AS (
         SELECT trace_id, ${[...dims, ""].join(", ")}
           count(*) AS calls, count(*) FILTER (WHERE is_retry) AS retries,
           count(*) FILTER (WHERE is_tool_call) AS tool_calls, count(*) FILTER (WHERE status <> 'ok') AS errors,
           coalesce(sum(total_usd), 0) AS total, arg_max(total_usd, ts) FILTER (WHERE status = 'ok') AS final
         FROM events ${where ? `${where} AND` : "WHERE"} trace_id IS NOT NULL GROUP BY trace_id)
       SELECT ${[...groups, ""].join(", ")} count(*)::BIGINT AS interactions, sum(calls)::BIGINT AS calls,
         sum(retries)::BIGINT AS retries, sum(tool_calls)::BIGINT AS tool_calls, sum(errors)::BIGINT AS errors,
         sum(total)::VARCHAR AS total_usd,
         coalesce(sum(total) FILTER (WHERE final IS NOT NULL), 0)::VARCHAR AS completed_usd,
         coalesce(sum(final), 0)::VARCHAR AS final_calls_usd
       FROM per ${groups.length ? `GROUP BY ${groups.join(", ")}` : ""} ORDER BY sum(total) DESC`,
      params,
    );
    return rows.map((r) => ({
      dimensions: Object.fromEntries(q.by.map((d, i) => [d, (r[`g${i}`] as string | null) ?? null])),
      interactions: Number(r.interactions),
      calls: Number(r.calls),
      retries: Number(r.retries),
      tool_calls: Number(r.tool_calls),
      errors: Number(r.errors),
      total_usd: trimDecimal(String(r.total_usd)),
      completed_usd: trimDecimal(String(r.completed_usd)),
      final_calls_usd: trimDecimal(String(r.final_calls_usd)),
    }));
  }

  async reprice(filter: Filter, price: (e: UsageEvent) => UsageEvent, onProgress?: (done: number) => void): Promise<RepriceResult> {
    const params: Params = {};
    const where = whereClause(filter, params);
    const moves = new Map<string, { events: number; before: Big; after: Big }>();
    let events = 0;
    let changed = 0;
    let newlyPriced = 0;
    let newlyUnpriced = 0;
    let before = new Big(0);
    let after = new Big(0);
    const pageSize = 50_000;
    // page by id so that rewriting rows does not shift the pages
    let lastId = "";
    for (;;) {
      const page = await this.rows(
        `SELECT ${selectAll()} FROM events ${where ? `${where} AND` : "WHERE"} id > $last ORDER BY id LIMIT ${pageSize}`,
        { ...params, last: lastId },
      );
      if (page.length === 0) break;
      lastId = String(page[page.length - 1]!.id);
      const updated: UsageEvent[] = [];
      for (const row of page) {
        const old = eventFromRow(row);
        const next = price(old);
        events++;
        before = before.plus(old.cost.total_usd ?? 0);
        after = after.plus(next.cost.total_usd ?? 0);
        if (JSON.stringify(old.cost) === JSON.stringify(next.cost)) continue;
        changed++;
        if (!old.cost.priced && next.cost.priced) newlyPriced++;
        if (old.cost.priced && !next.cost.priced) newlyUnpriced++;
        const model = next.cost.resolved_model ?? old.cost.resolved_model ?? next.model;
        const m = moves.get(model) ?? { events: 0, before: new Big(0), after: new Big(0) };
        m.events++;
        m.before = m.before.plus(old.cost.total_usd ?? 0);
        m.after = m.after.plus(next.cost.total_usd ?? 0);
        moves.set(model, m);
        updated.push(next);
      }
      await this.replace(updated);
      onProgress?.(events);
    }
    return {
      events,
      changed,
      before_usd: before.toFixed(),
      after_usd: after.toFixed(),
      newly_priced: newlyPriced,
      newly_unpriced: newlyUnpriced,
      moves: [...moves]
        .map(([model, m]) => ({ model, events: m.events, before_usd: m.before.toFixed(), after_usd: m.after.toFixed() }))
        .sort((a, b) => new Big(b.after_usd).minus(b.before_usd).abs().cmp(new Big(a.after_usd).minus(a.before_usd).abs())),
    };
  }

  /** rewrite events in place, atomically */
  private async replace(events: readonly UsageEvent[]): Promise<void> {
    if (events.length === 0) return;
    const spool = new CsvSpool();
    for (const e of events) spool.add(e);
    await this.db.run("BEGIN TRANSACTION");
    try {
      await this.db.run(`CREATE OR REPLACE TEMP TABLE repriced AS SELECT * FROM ${READ_BATCH}`, { file: spool.finish() });
      await this.db.run("DELETE FROM events WHERE id IN (SELECT id FROM repriced)");
      await this.db.run("INSERT INTO events SELECT * FROM repriced");
      await this.db.run("COMMIT");
    } catch (e) {
      await this.db.run("ROLLBACK");
      throw e;
    } finally {
      spool.remove();
    }
  }

  async close(): Promise<void> {
    for (const conn of this.idleReaders.splice(0)) conn.closeSync();
    this.db.closeSync();
    this.instance.closeSync();
  }
}

/** every column, with money and time as exact text */
function selectAll(): string {
  return COLUMNS.map((c) => {
    if (c.name === "ts") return `strftime(ts, '%Y-%m-%dT%H:%M:%S.%gZ') AS ts`;
    if (c.name === "version_from") return `version_from::VARCHAR AS version_from`;
    if (c.type.startsWith("DECIMAL")) return `"${c.name}"::VARCHAR AS "${c.name}"`;
    return `"${c.name}"`;
  }).join(", ");
}

function rowOf(r: Record<string, unknown>, q: AggregateQuery): AggregateRow {
  const tokens = usage();
  const costs: Partial<Record<UsageField, string>> = {};
  for (const f of USAGE_FIELDS) {
    tokens[f] = Number(r[`t_${f}`] ?? 0);
    const c = r[`c_${f}`];
    if (c !== null && c !== undefined) costs[f] = trimDecimal(String(c));
  }
  const dimensions: Record<string, string | null> = {};
  q.by.forEach((d, i) => {
    const v = r[`g${i}`];
    dimensions[d] = v === null || v === undefined ? null : String(v);
  });
  return {
    ...(q.every ? { period: String(r.period) } : {}),
    dimensions,
    events: Number(r.events),
    unpriced_events: Number(r.unpriced_events),
    tokens,
    costs,
    total_usd: trimDecimal(String(r.total_usd)),
  };
}
