/**
 * Re-pricing the DuckDB ledger in place: stored events paged by id through a new pricer, each
 * page rewritten atomically, and a summary of what moved (per resolved model).
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import Big from "big.js";
import type { UsageEvent } from "../../usage/event.js";
import type { Filter, RepriceResult } from "../store.js";
import { eventFromRow } from "./columns.js";
import { selectAll } from "./events.js";
import { CsvSpool } from "./spool.js";
import { READ_BATCH } from "./schema.js";
import { whereClause, type Params, type ReadRows } from "./sql.js";

export async function reprice(
  db: DuckDBConnection,
  read: ReadRows,
  filter: Filter,
  price: (e: UsageEvent) => UsageEvent,
  onProgress?: (done: number) => void,
): Promise<RepriceResult> {
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
    const page = await read(`SELECT ${selectAll()} FROM events ${where ? `${where} AND` : "WHERE"} id > $last ORDER BY id LIMIT ${pageSize}`, {
      ...params,
      last: lastId,
    });
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
    await replaceEvents(db, updated);
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
async function replaceEvents(db: DuckDBConnection, events: readonly UsageEvent[]): Promise<void> {
  if (events.length === 0) return;
  const spool = new CsvSpool();
  for (const e of events) spool.add(e);
  await db.run("BEGIN TRANSACTION");
  try {
    await db.run(`CREATE OR REPLACE TEMP TABLE repriced AS SELECT * FROM ${READ_BATCH}`, { file: spool.finish() });
    await db.run("DELETE FROM events WHERE id IN (SELECT id FROM repriced)");
    await db.run("INSERT INTO events SELECT * FROM repriced");
    await db.run("COMMIT");
  } catch (e) {
    await db.run("ROLLBACK");
    throw e;
  } finally {
    spool.remove();
  }
}
