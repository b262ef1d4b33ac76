/**
 * The gateway's cost, measured: the provider simulator alone, then the same calls through
 * `tokenomics serve` (ledger writing), in one run on the same machine.
 *
 * - latency: an open-loop load generator sends calls at a steady rate (below saturation, so the
 *   figures are the work per call, not queueing) and times each with a microsecond clock;
 * - time to first byte of streamed calls, the same way;
 * - saturation: autocannon with many connections, as many calls per second as get through.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";

const bin = fileURLToPath(new URL("../../bin/tokenomics.js", import.meta.url));
const simulatorMain = fileURLToPath(new URL("./simulator-process.js", import.meta.url));

export interface Percentiles {
  p50: number;
  p90: number;
  p99: number;
  n: number;
  errors: number;
}

export interface GatewayResult {
  rate: number;
  seconds: number;
  direct: Percentiles;
  gateway: Percentiles;
  streamDirect: Percentiles;
  streamGateway: Percentiles;
  saturation: { direct: number; gateway: number; connections: number; seconds: number };
  eventsStored: number;
}

const BODY = JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Say hello to the benchmark, briefly." }], max_tokens: 16 });
const STREAM_BODY = JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Stream a short hello." }], max_tokens: 16, stream: true });

function percentiles(values: number[], errors: number): Percentiles {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => (s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))]! : NaN);
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), n: s.length, errors };
}

/** a child process that prints a line matching `pattern` once it is ready; resolves to the match */
function startChild(cmd: string, args: string[], pattern: RegExp, env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let seen = "";
    const onData = (chunk: Buffer): void => {
      seen += chunk.toString();
      const match = seen.match(pattern);
      if (match) resolve({ child, match });
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`${cmd} ${args.join(" ")} exited ${code}: ${seen}`)));
  });
}

/**
 * `rate` calls a second for `seconds`, each timed from send to its first byte (`ttfb`) or its
 * last (`total`), in milliseconds. Open loop: a slow answer does not delay the next call.
 */
async function openLoop(url: string, headers: Record<string, string>, body: string, rate: number, seconds: number, ttfb: boolean): Promise<Percentiles> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const target = new URL(url);
  const times: number[] = [];
  let errors = 0;
  const total = rate * seconds;
  const start = performance.now();
  const pending: Promise<void>[] = [];
  const one = (): Promise<void> =>
    new Promise((resolve) => {
      const t0 = performance.now();
      let first: number | undefined;
      const req = http.request(target, { method: "POST", agent, headers: { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(body) } }, (res) => {
        res.on("data", () => (first ??= performance.now()));
        res.on("end", () => {
          if (res.statusCode === 200) times.push((ttfb ? (first ?? performance.now()) : performance.now()) - t0);
          else errors++;
          resolve();
        });
      });
      req.on("error", () => {
        errors++;
        resolve();
      });
      req.end(body);
    });
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    pending.push(one());
  }
  await Promise.all(pending);
  agent.destroy();
  return percentiles(times, errors);
}

async function saturate(url: string, headers: Record<string, string>, connections: number, seconds: number): Promise<number> {
  const result = await autocannon({ url, method: "POST", headers: { ...headers, "content-type": "application/json" }, body: BODY, connections, duration: seconds });
  return result.requests.average;
}

/** the simulator alone vs through the gateway, same calls, same run */
export async function benchGateway(rate = 500, seconds = 10): Promise<GatewayResult> {
  const dir = mkdtempSync(join(tmpdir(), "tokenomics-bench-gateway-"));
  const children: ChildProcess[] = [];
  try {
    const sim = await startChild(process.execPath, [simulatorMain], /listening on (http:\/\/\S+)/, process.env);
    children.push(sim.child);
    const simUrl = sim.match[1]!;
    const db = join(dir, "ledger.duckdb");
    const key = execFileSync(process.execPath, [bin, "keys", "create", "--team", "bench", "--db", db], { encoding: "utf8" }).trim();
    const env = { ...process.env, OPENAI_BASE_URL: `${simUrl}/v1`, OPENAI_API_KEY: "sk-sim-provider", TOKENOMICS_ADMIN_TOKEN: "bench-admin" };
    const gw = await startChild(process.execPath, [bin, "serve", "--port", "0", "--db", db], /listening on (http:\/\/\S+?) /, env);
    children.push(gw.child);
    const gwUrl = gw.match[1]!;
    const direct = { authorization: "Bearer sk-sim-provider" };
    const viaKey = { authorization: `Bearer ${key}` };

    // warm both paths (sockets, JIT) before timing
    await openLoop(`${simUrl}/v1/chat/completions`, direct, BODY, 200, 2, false);
    await openLoop(`${gwUrl}/v1/chat/completions`, viaKey, BODY, 200, 2, false);
    const directLat = await openLoop(`${simUrl}/v1/chat/completions`, direct, BODY, rate, seconds, false);
    const gatewayLat = await openLoop(`${gwUrl}/v1/chat/completions`, viaKey, BODY, rate, seconds, false);
    const streamDirect = await openLoop(`${simUrl}/v1/chat/completions`, direct, STREAM_BODY, rate, seconds, true);
    const streamGateway = await openLoop(`${gwUrl}/v1/chat/completions`, viaKey, STREAM_BODY, rate, seconds, true);
    const connections = 64;
    const satSeconds = 10;
    const satDirect = await saturate(`${simUrl}/v1/chat/completions`, direct, connections, satSeconds);
    const satGateway = await saturate(`${gwUrl}/v1/chat/completions`, viaKey, connections, satSeconds);

    const health = (await (await fetch(`${gwUrl}/healthz`)).json()) as { events_stored: number; events_pending: number };
    gw.child.kill("SIGTERM");
    await new Promise((r) => gw.child.once("exit", r));
    const count = JSON.parse(execFileSync(process.execPath, [bin, "report", "--db", db, "--json"], { encoding: "utf8" })) as { events: number };
    void health;
    return {
      rate,
      seconds,
      direct: directLat,
      gateway: gatewayLat,
      streamDirect,
      streamGateway,
      saturation: { direct: satDirect, gateway: satGateway, connections, seconds: satSeconds },
      eventsStored: count.events,
    };
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
}
