import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { Store } from "../ledger/store.js";
import { UsageError } from "./errors.js";

/** --db, else TOKENOMICS_DB, else the user's data directory */
export function ledgerPath(flag: string | undefined): string {
  if (flag) return flag;
  if (process.env.TOKENOMICS_DB) return process.env.TOKENOMICS_DB;
  const data = process.env.XDG_DATA_HOME || join(homedir(), ".local", "share");
  return join(data, "tokenomics", "ledger.duckdb");
}

/** open the ledger (DuckDB is loaded only by commands that need it); readers need it to exist */
export async function openLedger(flag: string | undefined, mode: "read" | "write" = "write"): Promise<Store> {
  const path = ledgerPath(flag);
  if (mode === "read" && !existsSync(path)) {
    throw new UsageError(`no ledger at ${path}: import some usage first (tokenomics import …), or try tokenomics demo`);
  }
  const { DuckDbStore } = await import("../ledger/duckdb/store.js");
  try {
    return await DuckDbStore.open(path);
  } catch (e) {
    const message = (e as Error).message;
    if (/lock/i.test(message)) throw new UsageError(`${path} is in use by another process (is \`tokenomics serve\` running?): ${message}`);
    throw new UsageError(`cannot open the ledger ${path}: ${message}`);
  }
}

/** run with an open ledger, closing it whatever happens */
export async function withLedger<T>(flag: string | undefined, work: (store: Store) => Promise<T>, mode: "read" | "write" = "write"): Promise<T> {
  const store = await openLedger(flag, mode);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
