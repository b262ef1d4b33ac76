/**
 * The gateway's cost, measured: the provider simulator alone, then the same calls through
 * `tokenomics serve` (ledger writing), in one run on the same machine — and as a floor, the same
 * calls through a bare Node proxy (`./bare-proxy.ts`: one event loop, no metering), so the figures
 * show what any Node proxy pays here and what the metering adds on top.
 *
 * - latency: an open-loop load generator sends calls on a schedule (below saturation, so the
 *   figures are the work per call, not queueing) and times each with a microsecond clock, in
 *   two shapes: steady (evenly spaced) and bursts (the same rate sent in bursts over few
 *   connections, as batch jobs and fan-out agents do);
 * - time to first byte of streamed calls, the same way;
 * - saturation: autocannon with many connections, as many calls per second as get through.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";

const bin = fileURLToPath(new URL("../../bin/tokenomics.js", import.meta.url));
const simulatorMain = fileURLToPath(new URL("./simulator-process.js", import.meta.url));
const bareProxyMain = fileURLToPath(new URL("./bare-proxy.js", import.meta.url));

export interface Percentiles {
  p50: number;
  p90: number;
  p99: number;
  n: number;
  errors: number;
}

/** how calls are sent: `burst` calls at once every `burst / rate` seconds (1: evenly spaced) over at most `connections` sockets */
export interface LoadShape {
  name: string;
  rate: number;
  burst: number;
  connections: number;
}

export interface ShapeResult {
  shape: LoadShape;
  direct: Percentiles;
  gateway: Percentiles;
  /** the same calls through the bare Node proxy */
  floor: Percentiles;
}

export interface GatewayResult {
  seconds: number;
  shapes: ShapeResult[];
  stream: ShapeResult;
  saturation: { direct: number; gateway: number; floor: number; connections: number; seconds: number; gatewayCpuUsPerCall: number; floorCpuUsPerCall: number };
  eventsStored: number;
}

/** 500 calls/s, steady and in bursts over 20 connections */
export const SHAPES: readonly LoadShape[] = [
  { name: "steady", rate: 500, burst: 1, connections: 256 },
  { name: "bursts of 50 every 100 ms, 20 connections", rate: 500, burst: 50, connections: 20 },
  { name: "bursts of 250 every 500 ms, 20 connections", rate: 500, burst: 250, connections: 20 },
];

export const BODY = JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Say hello to the benchmark, briefly." }], max_tokens: 16 });
const STREAM_BODY = JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Stream a short hello." }], max_tokens: 16, stream: true });

export function percentiles(values: number[], errors: number): Percentiles {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => (s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))]! : NaN);
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), n: s.length, errors };
}

/** a child process that prints a line matching `pattern` once it is ready; resolves to the match */
export function startChild(cmd: string, args: string[], pattern: RegExp, env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
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

/** a process's CPU time so far (user + system), in ms; Linux only, NaN elsewhere */
export function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    // utime and stime are fields 14 and 15, in clock ticks (100 a second on Linux)
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

/**
 * `shape.rate` calls a second for `seconds`, each timed from send to its first byte (`ttfb`) or
 * its last, in milliseconds. Open loop: a slow answer does not delay the next call.
 */
export async function openLoop(
  url: string,
  headers: Record<string, string>,
  body: string,
  shape: LoadShape,
  seconds: number,
  ttfb: boolean,
): Promise<Percentiles> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: shape.connections });
  const target = new URL(url);
  const times: number[] = [];
  let errors = 0;
  const total = shape.rate * seconds;
  const start = performance.now();
  const pending: Promise<void>[] = [];
  const one = (): Promise<void> =>
    new Promise((resolve) => {
      const t0 = performance.now();
      let first: number | undefined;
      const req = http.request(
        target,
        { method: "POST", agent, headers: { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(body) } },
        (res) => {
          res.on("data", () => (first ??= performance.now()));
          res.on("end", () => {
            if (res.statusCode === 200) times.push((ttfb ? (first ?? performance.now()) : performance.now()) - t0);
            else errors++;
            resolve();
          });
        },
      );
      req.on("error", () => {
        errors++;
        resolve();
      });
      req.end(body);
    });
  for (let i = 0; i < total; i++) {
    const due = start + (Math.floor(i / shape.burst) * shape.burst * 1000) / shape.rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    pending.push(one());
  }
  await Promise.all(pending);
  agent.destroy();
  return percentiles(times, errors);
}

export async function saturate(
  url: string,
  headers: Record<string, string>,
  connections: number,
  seconds: number,
): Promise<{ perSecond: number; answered: number }> {
  const result = await autocannon({
    url,
    method: "POST",
    headers: { ...headers, "content-type": "application/json" },
    body: BODY,
    connections,
    duration: seconds,
  });
  return { perSecond: result.requests.average, answered: result["2xx"] };
}

/** the simulator alone vs through the gateway, same calls, same run */
export async function benchGateway(seconds = 10, shapes: readonly LoadShape[] = SHAPES): Promise<GatewayResult> {
  const dir = mkdtempSync(join(tmpdir(), "tokenomics-bench-gateway-"));
  const children: ChildProcess[] = [];
  try {
    const sim = await startChild(process.execPath, [simulatorMain], /listening on (http:\/\/\S+)/, process.env);
    children.push(sim.child);
    const simUrl = sim.match[1]!;
    const db = join(dir, "ledger.duckdb");
    const key = execFileSync(process.execPath, [bin, "keys", "create", "--team", "bench", "--db", db], { encoding: "utf8" }).trim();
    const env = { ...process.env, OPENAI_BASE_URL: `${simUrl}/v1`, OPENAI_API_KEY: "sk-sim-provider", TOKENOMICS_ADMIN_TOKEN: "bench-admin" };
    const serveArgs = process.env.BENCH_GATEWAY_NODE_ARGS ? process.env.BENCH_GATEWAY_NODE_ARGS.split(" ") : [];
    const gw = await startChild(process.execPath, [...serveArgs, bin, "serve", "--port", "0", "--db", db], /listening on (http:\/\/\S+?) /, env);
    children.push(gw.child);
    const gwUrl = gw.match[1]!;
    const bare = await startChild(process.execPath, [bareProxyMain, simUrl], /listening on (http:\/\/\S+)/, process.env);
    children.push(bare.child);
    const floorUrl = bare.match[1]!;
    const direct = { authorization: "Bearer sk-sim-provider" };
    const viaKey = { authorization: `Bearer ${key}` };
    const chat = (base: string) => `${base}/v1/chat/completions`;

    // warm both paths (sockets, JIT) before timing
    const warm: LoadShape = { name: "warm-up", rate: 200, burst: 1, connections: 256 };
    await openLoop(chat(simUrl), direct, BODY, warm, 2, false);
    await openLoop(chat(gwUrl), viaKey, BODY, warm, 2, false);
    await openLoop(chat(floorUrl), direct, BODY, warm, 2, false);
    const results: ShapeResult[] = [];
    for (const shape of shapes) {
      const directLat = await openLoop(chat(simUrl), direct, BODY, shape, seconds, false);
      const gatewayLat = await openLoop(chat(gwUrl), viaKey, BODY, shape, seconds, false);
      const floorLat = await openLoop(chat(floorUrl), direct, BODY, shape, seconds, false);
      results.push({ shape, direct: directLat, gateway: gatewayLat, floor: floorLat });
    }
    const steady = shapes[0]!;
    const stream: ShapeResult = {
      shape: steady,
      direct: await openLoop(chat(simUrl), direct, STREAM_BODY, steady, seconds, true),
      gateway: await openLoop(chat(gwUrl), viaKey, STREAM_BODY, steady, seconds, true),
      floor: await openLoop(chat(floorUrl), direct, STREAM_BODY, steady, seconds, true),
    };
    const connections = 64;
    const satSeconds = 10;
    const satDirect = await saturate(chat(simUrl), direct, connections, satSeconds);
    const cpuBefore = cpuMs(gw.child.pid!);
    const satGateway = await saturate(chat(gwUrl), viaKey, connections, satSeconds);
    const cpuUsed = cpuMs(gw.child.pid!) - cpuBefore;
    const floorCpuBefore = cpuMs(bare.child.pid!);
    const satFloor = await saturate(chat(floorUrl), direct, connections, satSeconds);
    const floorCpuUsed = cpuMs(bare.child.pid!) - floorCpuBefore;

    gw.child.kill("SIGTERM");
    await new Promise((r) => gw.child.once("exit", r));
    const count = JSON.parse(execFileSync(process.execPath, [bin, "report", "--db", db, "--json"], { encoding: "utf8" })) as { events: number };
    return {
      seconds,
      shapes: results,
      stream,
      saturation: {
        direct: satDirect.perSecond,
        gateway: satGateway.perSecond,
        floor: satFloor.perSecond,
        connections,
        seconds: satSeconds,
        gatewayCpuUsPerCall: (cpuUsed * 1000) / satGateway.answered,
        floorCpuUsPerCall: (floorCpuUsed * 1000) / satFloor.answered,
      },
      eventsStored: count.events,
    };
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
}
