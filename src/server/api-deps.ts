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
  /** where internal errors go (the client gets a generic 500) */
  log?: (line: string) => void;
}
