import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { builtinCatalog } from "../../src/pricing/builtin/index.js";
import { demoRecords, type DemoOptions } from "../../src/demo/generate.js";
import { demoOutcomes } from "../../src/demo/outcomes.js";
import { ingest } from "../../src/ingest/pipeline.js";
import type { ImportItem } from "../../src/ingest/importer.js";
import { DuckDbStore } from "../../src/ledger/duckdb/store.js";
import { serveProcess, type ServeProcess } from "./serve-process.js";

/** the demo month the tests and screenshots use: `tokenomics demo --seed 42`, ending 2026-10-31 */
export const DEMO: Required<Pick<DemoOptions, "seed" | "days">> & { end: string } = { seed: 42, days: 30, end: "2026-10-31" };

export interface DemoServer {
  url: string;
  token: string;
  db: string;
  /** GET an API path with the admin token; throws on a non-2xx answer */
  api<T>(path: string): Promise<T>;
  /** PUT, POST or DELETE with the admin token and a JSON body; the status and the parsed answer (undefined when empty) */
  send(method: "PUT" | "POST" | "DELETE", path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  /** what the server wrote on stderr so far */
  stderr(): string;
  close(): Promise<void>;
}

/** `tokenomics demo` in library form, with a fixed last day (the command's window ends today) */
export async function makeDemoLedger(db: string, options: DemoOptions = DEMO): Promise<void> {
  const store = await DuckDbStore.open(db);
  try {
    function* items(): Generator<ImportItem> {
      for (const record of demoRecords(options)) yield { record };
    }
    await ingest(items(), store, builtinCatalog());
    // as `tokenomics demo` does: what the interactions achieved, after their calls
    await store.appendOutcomes([...demoOutcomes(options)]);
  } finally {
    await store.close();
  }
}

function serve(db: string, token: string): Promise<ServeProcess> {
  return serveProcess(db, { ...process.env, TOKENOMICS_ADMIN_TOKEN: token, TOKENOMICS_SERVER: "", TOKENOMICS_DB: "" }, ["--host", "127.0.0.1"]);
}

/** a fresh demo ledger served on a free port; close() stops the server and removes the files */
export async function startDemoServer(token = "dashboard-test-admin"): Promise<DemoServer> {
  const dir = mkdtempSync(join(tmpdir(), "tokenomics-dashboard-"));
  const db = join(dir, "demo.duckdb");
  try {
    await makeDemoLedger(db);
    const { child, url, stderr } = await serve(db, token);
    return {
      url,
      token,
      db,
      stderr,
      async api<T>(path: string): Promise<T> {
        const res = await fetch(url + path, { headers: { authorization: `Bearer ${token}` } });
        const body = await res.text();
        if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${body}`);
        return JSON.parse(body) as T;
      },
      async send(method, path, payload) {
        const headers: Record<string, string> = { authorization: `Bearer ${token}` };
        if (payload !== undefined) headers["content-type"] = "application/json";
        const res = await fetch(url + path, { method, headers, ...(payload !== undefined ? { body: JSON.stringify(payload) } : {}) });
        const text = await res.text();
        return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
      },
      async close() {
        if (child.exitCode === null && child.signalCode === null) {
          const exited = new Promise((r) => child.once("exit", r));
          child.kill("SIGTERM");
          const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
          await exited;
          clearTimeout(timer);
        }
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
