/**
 * A gateway in this process for the fuzz and defect tests: `startServer` over a DuckDB ledger in
 * a temp dir, the local provider simulator as both upstreams, one virtual key. It also watches
 * for uncaught exceptions and unhandled rejections: in `tokenomics serve` either ends the process,
 * so here each one counts as a crash of the server.
 */
import { mkdtempSync, rmSync } from "node:fs";
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { newKey } from "../../src/gateway/keys.js";
import { startSimulator, type Simulator } from "../../src/gateway/testing/simulator.js";
import { upstreamsFrom } from "../../src/gateway/upstreams.js";
import { DuckDbStore } from "../../src/ledger/duckdb/store.js";
import { builtinCatalog } from "../../src/pricing/builtin/index.js";
import { loadEncoding } from "../../src/tokens/index.js";
import { startServer, type RunningServer, type ServerOptions } from "../../src/server/server.js";
import type { UsageEvent } from "../../src/usage/event.js";

export const PROVIDER_KEY = "sk-provider-real";

/** the real SDK clients, pointed at the harness's gateway with its key, no retries */
export function sdkClients(h: Pick<Harness, "url" | "secret">, timeoutMs: number): { openai: OpenAI; anthropic: Anthropic } {
  return {
    openai: new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.secret, maxRetries: 0, timeout: timeoutMs, logLevel: "off" }),
    anthropic: new Anthropic({ baseURL: h.url, apiKey: h.secret, maxRetries: 0, timeout: timeoutMs, logLevel: "off" }),
  };
}
export const ADMIN = "fuzz-admin-token";

/** the gateway's timeouts (`serve --upstream-timeout`, `--stream-idle-timeout`) */
export type HarnessOptions = NonNullable<ServerOptions["gateway"]>;

export interface Harness {
  url: string;
  sim: Simulator;
  store: DuckDbStore;
  server: RunningServer;
  /** the virtual key's secret */
  secret: string;
  /** what would have ended `tokenomics serve`, oldest first */
  crashes: unknown[];
  /** the server's log lines (ledger writes that failed, …) */
  log: string[];
  /** the stored events of one interaction, after the recorder has flushed */
  eventsOf(traceId: string): Promise<UsageEvent[]>;
  close(): Promise<void>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const crashes: unknown[] = [];
  const log: string[] = [];
  const onCrash = (e: unknown): void => void crashes.push(e);
  process.on("uncaughtException", onCrash);
  process.on("unhandledRejection", onCrash);
  // the tokenizer loads on first use (most of a second): loaded now, estimates come as fast as answers
  await Promise.all([loadEncoding("o200k_base"), loadEncoding("cl100k_base")]);
  const dir = mkdtempSync(join(tmpdir(), "tokenomics-fuzz-"));
  const sim = await startSimulator({ providerKey: PROVIDER_KEY });
  const store = await DuckDbStore.open(join(dir, "ledger.duckdb"));
  const made = newKey({ team: "fuzz" }, "fuzz key");
  await store.saveKey(made.key);
  const env = { OPENAI_BASE_URL: `${sim.url}/v1`, OPENAI_API_KEY: PROVIDER_KEY, ANTHROPIC_BASE_URL: sim.url, ANTHROPIC_API_KEY: PROVIDER_KEY };
  const serverOptions: ServerOptions = {
    host: "127.0.0.1",
    port: 0,
    store,
    catalog: builtinCatalog(),
    upstreams: upstreamsFrom(env, undefined),
    adminToken: ADMIN,
    spool: join(dir, "spool.jsonl"),
    drainMs: 500,
    log: (line) => void log.push(line),
    gateway: options,
  };
  const server = await startServer(serverOptions);
  return {
    url: server.url,
    sim,
    store,
    server,
    secret: made.secret,
    crashes,
    log,
    async eventsOf(traceId) {
      await server.recorder.flush();
      return store.list({ trace_id: traceId, limit: 1000 });
    },
    async close() {
      await sim.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
      process.off("uncaughtException", onCrash);
      process.off("unhandledRejection", onCrash);
    },
  };
}

export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface RawRequest {
  method: string;
  /** sent exactly as given: no normalisation of dot segments or escapes, unlike fetch */
  path: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
}

/** one request on its own connection; rejects on a socket error or after `timeoutMs` (default 3 s) */
export function rawRequest(base: string, r: RawRequest): Promise<RawAnswer> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    // a body always framed by its length (Node sends a GET's body unframed otherwise)
    const length = r.body === undefined ? {} : { "content-length": String(Buffer.byteLength(r.body)) };
    const req = http.request({ hostname, port, method: r.method, path: r.path, headers: { ...r.headers, ...length }, agent: false });
    req.setTimeout(r.timeoutMs ?? 3000, () => req.destroy(new Error(`no answer to ${r.method} ${r.path.slice(0, 200)} within ${r.timeoutMs ?? 3000} ms`)));
    req.on("error", reject);
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.end(r.body);
  });
}

/** a string's UTF-8 bytes as a header value (HTTP headers carry bytes; Node reads them as latin1) */
export const utf8Header = (s: string): string => Buffer.from(s, "utf8").toString("latin1");

/** polls `read` until `done` holds or `ms` pass; returns the last value read */
export async function settle<T>(read: () => Promise<T>, done: (v: T) => boolean, ms = 1500): Promise<T> {
  const deadline = Date.now() + ms;
  let v = await read();
  while (!done(v) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 25));
    v = await read();
  }
  return v;
}

/** the paths the gateway meters, as the upstream sees them */
export const METERED_UPSTREAM_PATHS: ReadonlySet<string> = new Set([
  "/v1/chat/completions",
  "/v1/responses",
  "/v1/embeddings",
  "/v1/completions",
  "/v1/messages",
]);

/** a usage field's value is a count the ledger can add up: tokens as non-negative safe integers, units finite and non-negative */
export function countable(e: UsageEvent): boolean {
  return Object.entries(e.usage).every(([field, v]) =>
    field === "audio_seconds" ? typeof v === "number" && Number.isFinite(v) && v >= 0 : Number.isSafeInteger(v) && v >= 0,
  );
}
