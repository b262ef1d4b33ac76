/**
 * One keep-alive connection pool per upstream (undici's `Pool`): a hung upstream can fill its own
 * pool, never the others'. Calls past the limit wait for a connection, and their timeout runs
 * while they wait.
 */
import { Client, Pool } from "undici";
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
    return Promise.all([...this.pools.values()].map((p) => p.destroy().catch(() => undefined))).then(() => undefined);
  }
}

/**
 * One throwaway call to `url` (the server's own health check, just after it starts listening),
 * so that undici's HTTP parser (WebAssembly, compiled on first use) and code paths are ready
 * before the first call that a client waits for. Never fails.
 */
export async function warmUpstreamClient(url: string): Promise<void> {
  const client = new Client(new URL(url).origin);
  try {
    const answer = await client.request({ path: new URL(url).pathname, method: "GET" });
    await answer.body.dump();
  } catch {
    // only a warm-up
  } finally {
    await client.close().catch(() => undefined);
  }
}
