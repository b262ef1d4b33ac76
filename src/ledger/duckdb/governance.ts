/**
 * The governance rules in the DuckDB ledger: budgets and policies stored by name as their
 * domain definition (canonical JSON, so "unchanged" is a string comparison), and the alerts
 * sent, whose primary key makes "send each threshold once per period" one atomic insert.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { canonicalJson, type Budget, type Policy } from "../../governance/index.js";
import type { BudgetAlert, RuleChange } from "../store.js";
import { utcIso } from "./columns.js";
import type { ReadRows } from "./sql.js";

export type RuleTable = "budgets" | "policies";

export async function listRules<T>(read: ReadRows, table: RuleTable): Promise<T[]> {
  const rows = await read(`SELECT definition FROM ${table} ORDER BY name`);
  return rows.map((r) => JSON.parse(String(r.definition)) as T);
}

/**
 * Insert or replace by name, in one transaction on the writing connection (the caller orders
 * writes), so a reader never sees a rule half-saved.
 */
export async function saveRule(db: DuckDBConnection, table: RuleTable, rule: Budget | Policy): Promise<RuleChange> {
  const definition = canonicalJson(rule);
  await db.run("BEGIN TRANSACTION");
  try {
    const existing = (await db.runAndReadAll(`SELECT definition FROM ${table} WHERE name = $name`, { name: rule.name })).getRowObjectsJS();
    const before = existing[0]?.definition;
    if (before === definition) {
      await db.run("COMMIT");
      return "unchanged";
    }
    await db.run(`INSERT OR REPLACE INTO ${table} VALUES ($name, $definition, now()::TIMESTAMP)`, { name: rule.name, definition });
    await db.run("COMMIT");
    return before === undefined ? "created" : "updated";
  } catch (e) {
    await db.run("ROLLBACK");
    throw e;
  }
}

export async function deleteRule(db: DuckDBConnection, table: RuleTable, name: string): Promise<boolean> {
  const r = await db.run(`DELETE FROM ${table} WHERE name = $name`, { name });
  return r.rowsChanged > 0;
}

export async function alertsSent(read: ReadRows, budget: string, periodStart: string): Promise<{ threshold: number; sent_at: string }[]> {
  const rows = await read(
    `SELECT threshold, strftime(sent_at, '%Y-%m-%dT%H:%M:%S.%g') || 'Z' AS sent_at FROM budget_alerts
     WHERE budget = $budget AND period_start = $start::TIMESTAMP ORDER BY threshold`,
    { budget, start: utcIso(periodStart) },
  );
  return rows.map((r) => ({ threshold: Number(r.threshold), sent_at: String(r.sent_at) }));
}

export async function recordAlert(db: DuckDBConnection, a: BudgetAlert): Promise<boolean> {
  const r = await db.run("INSERT OR IGNORE INTO budget_alerts VALUES ($budget, $start::TIMESTAMP, $threshold::DOUBLE, $sent::TIMESTAMP)", {
    budget: a.budget,
    start: utcIso(a.period_start),
    threshold: a.threshold,
    sent: utcIso(a.sent_at),
  });
  return r.rowsChanged > 0;
}
