/**
 * `tokenomics serve`: the gateway (`/v1/*` calls, metered), the HTTP API (`/api/*`, health,
 * metrics, OTLP intake) and the dashboard (`/`) on one port, over one ledger. SIGTERM stops new connections, lets calls
 * in flight finish, stores every recorded event and closes the ledger.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import type { Catalog } from "../pricing/catalog.js";
import type { Store } from "../ledger/store.js";
import { gatewayHandler, type GatewayDeps } from "../gateway/proxy.js";
import { Governor } from "../gateway/governor.js";
import { periodWindow } from "../governance/index.js";
import { scopeFilter } from "../ledger/reports/budget-status.js";
import { Recorder } from "../gateway/recorder.js";
import { warmUpstreamClient } from "../gateway/upstream-pools.js";
import type { Upstream } from "../gateway/upstreams.js";
import { apiApp } from "./api.js";
import { BudgetAlerts, type AnomalyBody } from "./budget-alerts.js";
import { guarded } from "./error-boundary.js";
import { normalizePath } from "../gateway/paths.js";
import { KeyRing } from "./key-ring.js";
import { GatewayMetrics } from "./metrics.js";
import { serialized } from "./serialized-store.js";
import { staticHandler } from "./static.js";

export interface ServerOptions {
  host: string;
  port: number;
  store: Store;
  catalog: Catalog;
  upstreams: readonly Upstream[];
  adminToken: string | undefined;
  /** the recorder's write-ahead spool file */
  spool: string;
  maxBodyBytes?: number;
  /** a bearer token for /metrics besides the admin token (TOKENOMICS_METRICS_TOKEN) */
  metricsToken?: string | undefined;
  /** /metrics without a token (serve --metrics-public) */
  metricsPublic?: boolean;
  /** how long a shutdown waits for calls in flight */
  drainMs?: number;
  /** the gateway's upstream timeouts, per-upstream socket limit and extra routes (see GatewayDeps) */
  gateway?: Pick<GatewayDeps, "upstreamTimeoutMs" | "streamIdleTimeoutMs" | "upstreamConnections" | "passthrough">;
  /** how long a budget reservation is held for a call that never settles (default 5 minutes) */
  reservationTtlMs?: number;
  /** signs budget alert webhooks (TOKENOMICS_WEBHOOK_SECRET) */
  webhookSecret?: string | undefined;
  /** budget alert webhook retries after the first try, and the first back-off (tests shorten them) */
  alertRetries?: { retries: number; baseMs: number };
  /** how often budget scopes are checked for spend spikes (default 5 minutes) */
  anomalyEveryMs?: number;
  /** the clock budgets and periods are read on (tests move it) */
  now?: () => number;
  /** the built dashboard (default dist/web) */
  webRoot?: string;
  log?: (line: string) => void;
}

export interface RunningServer {
  url: string;
  recorder: Recorder;
  /** store what was recorded and finish the budget alert checks it caused (deliveries may still be retrying) */
  settle(): Promise<void>;
  /** check every budget's scope for a spend spike now (it runs every 5 minutes anyway); the anomalies alerted */
  checkAnomalies(): Promise<AnomalyBody[]>;
  /** stop accepting, finish calls in flight, store everything, close the ledger */
  close(): Promise<void>;
}

const API_PREFIXES = ["/api/", "/healthz", "/metrics", "/v1/traces"];
// each prefix also as a whole path without its trailing slash (`/api`)
const API_PATHS: ReadonlySet<string> = new Set(API_PREFIXES.map((p) => p.replace(/\/$/, "")));

function badPath(res: http.ServerResponse, reason: string): void {
  const body = JSON.stringify({ error: { type: "invalid_request_error", message: reason } });
  res.writeHead(400, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const log = options.log ?? (() => undefined);
  const store = serialized(options.store);
  const maxBodyBytes = options.maxBodyBytes ?? 32 << 20;
  const keys = new KeyRing(await store.listKeys());
  const upstreamNames = new Set(options.upstreams.map((u) => u.name));
  const metrics = new GatewayMetrics({ knownTeam: (team) => keys.hasTeam(team), knownProvider: (name) => upstreamNames.has(name) });
  const now = options.now ?? Date.now;
  const governor = new Governor({
    catalog: options.catalog,
    journal: `${options.spool}.holds`,
    now,
    onSpend: (budgets) => alerts.check(budgets),
    onDecision: (outcome, code, rule) => metrics.onGovernance(outcome, code, rule),
    ...(options.reservationTtlMs !== undefined ? { reservationTtlMs: options.reservationTtlMs } : {}),
  });
  const alerts = new BudgetAlerts({
    store,
    governor,
    log,
    secret: options.webhookSecret,
    now,
    ...(options.alertRetries ? { retries: options.alertRetries.retries, retryBaseMs: options.alertRetries.baseMs } : {}),
  });
  const recorder = await Recorder.start(store, options.catalog, {
    spool: options.spool,
    onEvent: (e) => {
      metrics.onEvent(e);
      governor.onEvent(e);
    },
    onError: (e) => log(`ledger write failed, events kept in ${options.spool} and retried: ${e.message}`),
  });
  // the budgets and policies in force; a new or changed budget's counter starts from the ledger's
  // spend in its period (stored first, so nothing recorded is missed: at worst counted twice, which only refuses sooner)
  const loadRules = async (): Promise<void> => {
    const [budgets, policies] = await Promise.all([store.listBudgets(), store.listPolicies()]);
    const fresh = governor.setRules(budgets, policies);
    if (fresh.length === 0) return;
    await recorder.flush();
    for (const b of fresh) {
      const spent = await store.aggregate({ ...scopeFilter(b.scope, periodWindow(b.period, b.tz, now())), by: [] });
      await governor.warm(b, spent.total_usd);
    }
    // a budget set below what its period has already spent alerts at once
    alerts.check(fresh);
  };
  await loadRules();
  const checkAnomalies = (): Promise<AnomalyBody[]> =>
    alerts.checkAnomalies(async (b, from, to) => (await store.aggregate({ ...scopeFilter(b.scope, { start: from, end: to }), by: [] })).total_usd);
  const anomalyTimer = setInterval(
    () => void checkAnomalies().catch((e: Error) => log(`anomaly check failed: ${e.message}`)),
    options.anomalyEveryMs ?? 300_000,
  );
  anomalyTimer.unref();
  const replayed = await governor.replayHolds();
  if (replayed > 0) log(`${replayed} budget reservations of calls in flight at the last stop held again until they expire`);
  const record = (r: Parameters<Recorder["record"]>[0]): void => void recorder.record(r);
  const gateway = gatewayHandler({
    upstreams: options.upstreams,
    lookupKey: (secret) => keys.lookup(secret),
    record: (r, spooled) => void recorder.recordThen(r, spooled),
    governor,
    maxBodyBytes,
    onTimed: (api, total, overhead) => metrics.onTimed(api, total, overhead),
    onError: (e) => log(`gateway: ${e.message}`),
    ...options.gateway,
  });
  const api = getRequestListener(
    apiApp({
      store,
      catalog: options.catalog,
      keys,
      metrics,
      adminToken: options.adminToken,
      record,
      settle: () => recorder.flush(),
      governance: { reload: loadRules, live: (name) => governor.live(name), now },
      maxBodyBytes,
      metricsToken: options.metricsToken,
      metricsPublic: options.metricsPublic ?? false,
      log,
      health: () => ({ events_stored: recorder.stored, events_pending: recorder.pending, ledger_write_failures: recorder.failures, in_flight: inFlight }),
    }).fetch,
  );

  const web = staticHandler(options.webRoot);
  let inFlight = 0;
  // no handler's throw or rejection reaches the process: it answers a JSON error
  const server = http.createServer(
    guarded((req, res) => {
      inFlight++;
      res.once("close", () => inFlight--);
      // dispatched on the normalised path, which is what every handler then reads: `//v1/…` or
      // `/api/../v1/…` cannot reach one handler by looking like another's path
      const raw = req.url ?? "/";
      const normalized = normalizePath(raw);
      if (!normalized.ok) {
        // the gateway answers in the provider's error format
        if (raw.startsWith("/v1")) return gateway(req, res);
        return badPath(res, normalized.reason);
      }
      req.url = normalized.path + normalized.query;
      const path = normalized.path;
      if (API_PATHS.has(path) || API_PREFIXES.some((p) => path.startsWith(p))) return api(req, res);
      if (path.startsWith("/v1/") || path === "/v1") return gateway(req, res, normalized);
      // everything else is the dashboard
      return web(req, res);
    }, log),
  );
  // longer than clients' idle timeouts, so a kept-alive socket is not closed under a request
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  void warmUpstreamClient(`http://${host}:${address.port}/healthz`);

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    recorder,
    checkAnomalies,
    settle: async () => {
      await recorder.flush();
      await alerts.settled();
    },
    close: () =>
      (closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const deadline = Date.now() + (options.drainMs ?? 30_000);
        while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        server.closeAllConnections();
        await closed;
        await gateway.close();
        await recorder.close();
        clearInterval(anomalyTimer);
        governor.close();
        await alerts.close();
        await options.store.close();
      })()),
  };
}
