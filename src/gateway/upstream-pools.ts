/**
 * One keep-alive connection pool per upstream (undici's `Pool`): a hung upstream can fill its own
 * pool, never the others'. Calls past the limit wait for a connection, and their timeout runs
 * while they wait.
 */
import { Pool } from "undici";
import type { Upstream } from "./upstreams.js";

export class UpstreamPools {
  private readonly pools = new Map<string, Pool>();

  constructor(private readonly connections: number) {}

  /** the pool for calls to an upstream's origin */
  poolFor(upstream: Upstream, origin: string): Pool {
    const name = `${upstream.name} ${origin}`;
    let pool = this.pools.get(name);
    if (pool === undefined) {
      // the gateway keeps its own timeouts (the wait for a connection counts): undici's are off
      pool = new Pool(origin, { connections: this.connections, headersTimeout: 0, bodyTimeout: 0, keepAliveTimeout: 60_000 });
      this.pools.set(name, pool);
    }
    return pool;
  }

  /** connections open and calls waiting for one, by upstream (for health and tests) */
  load(): Record<string, { sockets: number; waiting: number }> {
    return Object.fromEntries([...this.pools].map(([name, p]) => [name, { sockets: p.stats.connected, waiting: p.stats.pending }]));
  }

  close(): Promise<void> {
    return Promise.all([...this.pools.values()].map((p) => p.destroy())).then(() => undefined);
  }
}
