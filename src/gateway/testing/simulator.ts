import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { anthropic } from "./anthropic.js";
import { openai } from "./openai.js";
import { forcedStatus } from "./misbehave.js";
import { headerInt } from "./tokens.js";
import type { SimCall, SimDialect } from "./wire.js";

export { CHARS_PER_TOKEN, DEFAULT_OUTPUT_TOKENS, PROMPT_OVERHEAD } from "./tokens.js";
export { RETRY_AFTER_S } from "./errors.js";

/** one request the simulator received, as it arrived */
export interface SimulatorRequest {
  method: string;
  /** the request target, query included */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** the parsed JSON body, or undefined (no body, or not JSON) */
  body: unknown;
}

export interface Simulator {
  /** http://127.0.0.1:PORT — OpenAI clients add "/v1", Anthropic clients use it as is */
  url: string;
  /** every request received, oldest first (empty with `record: false`) */
  requests: SimulatorRequest[];
  /** the key clients must present */
  providerKey: string;
  close(): Promise<void>;
}

export interface SimulatorOptions {
  /** 0 (the default) picks a free port */
  port?: number;
  providerKey?: string;
  /** keep `requests` (default true); turn off for load benchmarks */
  record?: boolean;
}

export const DEFAULT_PROVIDER_KEY = "sk-sim-provider-key";
/** the `slow` scenario's wait before the first byte when `x-sim-delay-ms` is absent */
export const DEFAULT_DELAY_MS = 50;
/** the short id every answer carries under `reuse-id`: chatcmpl-fixed, resp_fixed, msg_fixed… */
export const REUSED_ID = "fixed";

/** the dialect a request speaks: Anthropic for /v1/messages… and for anthropic-version on /v1/models */
function dialectOf(path: string, req: IncomingMessage): SimDialect {
  if (path.startsWith("/v1/messages")) return anthropic;
  if (path === "/v1/models" && req.headers["anthropic-version"] !== undefined) return anthropic;
  return openai;
}

function dispatch(call: SimCall, dialect: SimDialect, providerKey: string, badJson: boolean): void {
  if (!dialect.authenticate(call, providerKey)) return;
  const s = call.scenarios;
  // the request is read and then never answered: the socket stays open until someone closes it
  if (s.has("hang")) return;
  if (s.has("reset")) return void call.res.destroy();
  const forced = forcedStatus(call.headers);
  if (forced !== undefined && forced >= 400) return dialect.failStatus(call, forced);
  if (s.has("rate-limit")) return dialect.fail(call, "rate-limit");
  if (s.has("server-error")) return dialect.fail(call, "server");
  if (s.has("bad-request")) return dialect.fail(call, "bad-request");
  if (badJson) return dialect.fail(call, "bad-request", "We could not parse the JSON body of your request.");
  const route = dialect.routes[`${call.method} ${call.path}`];
  if (route === undefined) return dialect.fail(call, "not-found");
  route(call);
}

/** a handler that throws answers a 500 in the dialect's format (or cuts a started answer) rather than taking the process down */
function guarded(call: SimCall, dialect: SimDialect, providerKey: string, badJson: boolean): void {
  try {
    dispatch(call, dialect, providerKey, badJson);
  } catch (e) {
    if (call.res.headersSent) call.res.destroy();
    else dialect.fail(call, "server", `simulator error: ${(e as Error).message}`);
  }
}

/**
 * Starts a provider simulator on 127.0.0.1 that speaks the OpenAI and Anthropic wire formats
 * (see README.md beside this file for routes, the token rule and the `x-sim-*` headers).
 * @example
 * const sim = await startSimulator();
 * const client = new OpenAI({ baseURL: sim.url + "/v1", apiKey: sim.providerKey });
 * await client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }] });
 * await sim.close();
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const providerKey = options.providerKey ?? DEFAULT_PROVIDER_KEY;
  const record = options.record ?? true;
  const requests: SimulatorRequest[] = [];
  let sequence = 0;

  function handle(req: IncomingMessage, res: ServerResponse, raw: Buffer | undefined): void {
    let body: unknown;
    let badJson = false;
    if (raw !== undefined && raw.length > 0) {
      try {
        body = JSON.parse(raw.toString("utf8"));
      } catch {
        badJson = true;
      }
    }
    const target = req.url ?? "/";
    const method = req.method ?? "GET";
    if (record) requests.push({ method, path: target, headers: req.headers, body });
    const query = target.indexOf("?");
    const path = query === -1 ? target : target.slice(0, query);
    const scenario = req.headers["x-sim-scenario"];
    const forced = forcedStatus(req.headers);
    const scenarios = new Set(typeof scenario === "string" ? scenario.split(",").map((x) => x.trim()) : []);
    const call: SimCall = {
      method,
      path,
      headers: req.headers,
      body: body !== null && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : {},
      res,
      scenarios,
      id: scenarios.has("reuse-id") ? REUSED_ID : `sim${(++sequence).toString(36)}`,
      gapMs: headerInt(req.headers, "x-sim-chunk-delay-ms") ?? 0,
      status: forced !== undefined && forced < 400 ? forced : 200,
    };
    const dialect = dialectOf(path, req);
    const delay = headerInt(req.headers, "x-sim-delay-ms") ?? (call.scenarios.has("slow") ? DEFAULT_DELAY_MS : 0);
    if (delay > 0) setTimeout(() => res.destroyed || guarded(call, dialect, providerKey, badJson), delay);
    else guarded(call, dialect, providerKey, badJson);
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => handle(req, res, chunks.length <= 1 ? chunks[0] : Buffer.concat(chunks)));
  });
  // every open socket, so close() ends even with answers left hanging
  const sockets = new Set<Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    providerKey,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      }),
  };
}
