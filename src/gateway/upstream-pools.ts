/**
 * One keep-alive socket pool per upstream: a hung upstream can fill its own pool, never the
 * others'. Calls past the limit wait for a socket, and their timeout runs while they wait.
 */
import http from "node:http";
import https from "node:https";
import type { Upstream } from "./upstreams.js";

export class UpstreamPools {
  private readonly agents = new Map<string, http.Agent>();

  constructor(private readonly maxSockets: number) {}

  /** the pool for an upstream's calls */
  agentFor(upstream: Upstream): http.Agent {
    let agent = this.agents.get(upstream.name);
    if (agent === undefined) {
      const options = { keepAlive: true, maxSockets: this.maxSockets };
      agent = upstream.baseUrl.protocol === "https:" ? new https.Agent(options) : new http.Agent(options);
      this.agents.set(upstream.name, agent);
    }
    return agent;
  }

  /** sockets in use or waited for, by upstream (for health and tests) */
  load(): Record<string, { sockets: number; waiting: number }> {
    const count = (m: NodeJS.ReadOnlyDict<unknown[]>): number => Object.values(m).reduce((n, list) => n + (list?.length ?? 0), 0);
    return Object.fromEntries([...this.agents].map(([name, a]) => [name, { sockets: count(a.sockets), waiting: count(a.requests) }]));
  }

  close(): void {
    for (const agent of this.agents.values()) agent.destroy();
  }
}
