/**
 * What the HTTP API is built from: the ledger, the catalog, the keys and the gateway's recorder
 * and metrics. Its own module so that every route file can take it without importing the app
 * that joins them (src/server/api.ts).
 */
import type { Catalog } from "../pricing/catalog.js";
import type { Store } from "../ledger/store.js";
import type { UsageRecord } from "../usage/event.js";
import type { GatewayMetrics } from "./metrics.js";
import type { KeyRing } from "./key-ring.js";

/** the gateway's governance, as the API needs it (the gateway implements it) */
export interface GovernanceView {
  /** read budgets and policies from the ledger again: called after every change to them */
  reload(): Promise<void>;
  /** what only the running gateway knows of a budget this period */
  live(budget: string): Promise<{ reserved_usd: string; refused_calls: number; downgraded_calls: number }>;
  /** the clock the gateway reads budget periods on */
  now(): number;
}

export interface ApiDeps {
  store: Store;
  catalog: Catalog;
  keys: KeyRing;
  metrics: GatewayMetrics;
  /** the admin token; without one, only virtual keys get in */
  adminToken: string | undefined;
  record(record: UsageRecord): void;
  /** store what the gateway has recorded, so that a read sees every call answered before it */
  settle(): Promise<void>;
  health(): Record<string, unknown>;
  maxBodyBytes: number;
  /** a second bearer token that may read /metrics (a scraper's), beside the admin token */
  metricsToken?: string | undefined;
  /** /metrics without a token */
  metricsPublic?: boolean;
  /** budget enforcement in the gateway; without it the API still stores the rules, and the status shows nothing reserved */
  governance?: GovernanceView;
  /** where internal errors go (the client gets a generic 500) */
  log?: (line: string) => void;
}
