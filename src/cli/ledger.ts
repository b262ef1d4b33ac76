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
    throw openError(path, e as Error);
  }
}

/** the ledger for `tokenomics serve`: opened on a thread of its own, so that its writes and reads stay off the event loop */
export async function openLedgerThread(flag: string | undefined): Promise<Store> {
  const path = ledgerPath(flag);
  const { ThreadStore } = await import("../ledger/duckdb/thread-store.js");
  try {
    return await ThreadStore.open(path);
  } catch (e) {
    throw openError(path, e as Error);
  }
}

function openError(path: string, e: Error): UsageError {
  if (/lock/i.test(e.message)) return new UsageError(`${path} is in use by another process (is \`tokenomics serve\` running?): ${e.message}`);
  return new UsageError(`cannot open the ledger ${path}: ${e.message}`);
}

/** where a command finds the ledger: a file, or a running server (`--server` / TOKENOMICS_SERVER) */
export type LedgerFlags = string | undefined | { db?: string | undefined; server?: string | undefined };

/** the server a command should go through, if any: --server, else TOKENOMICS_SERVER (unless --db is given) */
export function serverUrl(flags: LedgerFlags): string | undefined {
  const o = typeof flags === "object" ? flags : { db: flags };
  if (o.server) return o.server;
  return o.db ? undefined : process.env.TOKENOMICS_SERVER || undefined;
}

/** the ledger through a running server, with the admin token from TOKENOMICS_ADMIN_TOKEN */
export async function serverLedger(url: string): Promise<import("../ledger/http/store.js").HttpStore> {
  const { HttpStore } = await import("../ledger/http/store.js");
  return new HttpStore(url, process.env.TOKENOMICS_ADMIN_TOKEN || undefined);
}

/** run with an open ledger (or the server's), closing it whatever happens */
export async function withLedger<T>(flags: LedgerFlags, work: (store: Store) => Promise<T>, mode: "read" | "write" = "write"): Promise<T> {
  // writers open the file: while the server owns it, that fails with a message that says so
  const server = mode === "read" ? serverUrl(flags) : undefined;
  if (server !== undefined) {
    const { ServerUnavailable } = await import("../ledger/http/store.js");
    try {
      return await work(await serverLedger(server));
    } catch (e) {
      if (e instanceof ServerUnavailable) throw new UsageError(e.message);
      throw e;
    }
  }
  const store = await openLedger(typeof flags === "object" ? flags.db : flags, mode);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
