import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { parseJson } from "../../shared/json.js";
import { collect, loadCatalog } from "../catalog.js";
import { countFlag } from "../../ledger/query.js";
import { UsageError } from "../errors.js";
import { ledgerPath, openLedgerThread } from "../ledger.js";

interface ServeFlags {
  host: string;
  port: string;
  db?: string;
  config?: string;
  catalog: string[];
  upstreamTimeout: string;
  streamIdleTimeout: string;
  upstreamConnections: string;
  metricsPublic?: boolean;
  reservationTtl: string;
}

/** a positive number of seconds (fractions allowed), as milliseconds */
function secondsFlag(flag: string, value: string): number {
  const s = Number(value.trim());
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(s > 0) || s > 86_400) throw new UsageError(`${flag}: expected seconds between 0 and 86400, got "${value}"`);
  return Math.round(s * 1000);
}

export function registerServe(program: Command): void {
  program
    .command("serve")
    .description("run the metering gateway and the HTTP API over the ledger")
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option("--port <port>", "port to listen on", "8787")
    .option("--db <file>", "ledger file (default: $TOKENOMICS_DB or ~/.local/share/tokenomics/ledger.duckdb)")
    .option("--config <file>", "gateway config (JSON): more upstreams and their model routes")
    .option("--catalog <file>", "extra catalog file (repeatable)", collect, [])
    .option("--upstream-timeout <seconds>", "how long to wait for an upstream's response headers; then 504 and a timeout event", "300")
    .option("--stream-idle-timeout <seconds>", "how long an answer may pause between chunks; then the call ends as a timeout", "120")
    .option("--upstream-connections <n>", "sockets per upstream (a hung upstream cannot use up the others')", "256")
    .option("--reservation-ttl <seconds>", "how long a budget reservation is held for a call that never settles; then it expires", "300")
    .option("--metrics-public", "serve /metrics without a token (else it takes the admin token or TOKENOMICS_METRICS_TOKEN as a bearer token)")
    .addHelpText(
      "after",
      `
Upstreams: OPENAI_BASE_URL (default https://api.openai.com/v1) with OPENAI_API_KEY, ANTHROPIC_BASE_URL
(default https://api.anthropic.com) with ANTHROPIC_API_KEY, plus the config file's:
  {"upstreams": [{"name": "gemini", "api": "openai", "base_url": "https://generativelanguage.googleapis.com/v1beta/openai",
                  "api_key_env": "GEMINI_API_KEY", "models": ["gemini-*"]}],
   "passthrough": [{"api": "openai", "path": "/v1/vector_stores/**", "methods": ["GET", "POST"]}]}
Only the routes the gateway meters are forwarded (chat, completions, responses, embeddings, messages,
images, audio, moderations, models, batches, files, fine-tuning, count_tokens); any other path is a
404 unless listed in "passthrough", and every forwarded call is an event.
Clients use http://HOST:PORT/v1 (OpenAI SDKs) or http://HOST:PORT (Anthropic SDK) with a key from
\`tokenomics keys create\` as their API key. The admin API and the dashboard (http://HOST:PORT/)
take TOKENOMICS_ADMIN_TOKEN; without it, serve makes one for the run and prints the dashboard's URL.
/metrics takes the admin token or TOKENOMICS_METRICS_TOKEN (Authorization: Bearer …), unless --metrics-public.
Budgets and policies (\`tokenomics budget\`) are enforced on every call: each reserves its maximum cost
before it is forwarded and settles at its real cost. Budget alert webhooks are signed with
TOKENOMICS_WEBHOOK_SECRET (x-tokenomics-signature: sha256=HMAC) when it is set.

Examples:
  TOKENOMICS_ADMIN_TOKEN=secret tokenomics serve --port 8787
  tokenomics keys create --team search --server http://127.0.0.1:8787`,
    )
    .action(async (flags: ServeFlags) => {
      const port = countFlag("--port", flags.port);
      if (port > 65535) throw new UsageError(`--port: ${port} is not a port`);
      const upstreamTimeoutMs = secondsFlag("--upstream-timeout", flags.upstreamTimeout);
      const streamIdleTimeoutMs = secondsFlag("--stream-idle-timeout", flags.streamIdleTimeout);
      const upstreamConnections = countFlag("--upstream-connections", flags.upstreamConnections);
      if (upstreamConnections < 1) throw new UsageError("--upstream-connections: expected at least 1");
      const reservationTtlMs = secondsFlag("--reservation-ttl", flags.reservationTtl);
      if (reservationTtlMs < 1000) throw new UsageError("--reservation-ttl: expected at least 1 second");
      const [{ startServer }, { upstreamsFrom, gatewayFileSchema }] = await Promise.all([
        import("../../server/server.js"),
        import("../../gateway/upstreams.js"),
      ]);
      let file;
      if (flags.config) {
        let text: string;
        try {
          text = readFileSync(flags.config, "utf8");
        } catch (e) {
          throw new UsageError(`--config ${flags.config}: cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
        }
        let parsed: unknown;
        try {
          parsed = parseJson(text);
        } catch (e) {
          throw new UsageError(`--config ${flags.config}: ${(e as Error).message}`);
        }
        const result = gatewayFileSchema.safeParse(parsed);
        if (!result.success) {
          const issue = result.error.issues[0]!;
          throw new UsageError(`--config ${flags.config}: ${issue.path.join(".") || "(top)"}: ${issue.message}`);
        }
        file = result.data;
      }
      const catalog = await loadCatalog(flags.catalog);
      // without a configured admin token, one for this run: printed with the dashboard's address
      const configured = process.env.TOKENOMICS_ADMIN_TOKEN || undefined;
      const adminToken = configured ?? randomBytes(18).toString("base64url");
      const store = await openLedgerThread(flags.db);
      const server = await startServer({
        host: flags.host,
        port,
        store,
        catalog,
        upstreams: upstreamsFrom(process.env, file),
        adminToken,
        metricsToken: process.env.TOKENOMICS_METRICS_TOKEN || undefined,
        metricsPublic: flags.metricsPublic === true,
        spool: `${ledgerPath(flags.db)}.spool.jsonl`,
        gateway: { upstreamTimeoutMs, streamIdleTimeoutMs, upstreamConnections, passthrough: file?.passthrough ?? [] },
        reservationTtlMs,
        webhookSecret: process.env.TOKENOMICS_WEBHOOK_SECRET || undefined,
        log: (line) => process.stderr.write(`tokenomics serve: ${line}\n`),
      });
      // the stop handlers are in place before "listening" is printed: a supervisor that sends
      // SIGTERM as soon as it reads that line gets a drained shutdown, never a default kill
      const stopped = new Promise<void>((resolve) => {
        const stop = (): void => {
          process.stderr.write("tokenomics serve: draining calls in flight, flushing the ledger…\n");
          void server.close().then(resolve);
        };
        process.once("SIGTERM", stop);
        process.once("SIGINT", stop);
      });
      process.stderr.write(`tokenomics serve: listening on ${server.url} (gateway ${server.url}/v1, API ${server.url}/api)\n`);
      process.stderr.write(
        configured
          ? `tokenomics serve: dashboard at ${server.url}/ (sign in with TOKENOMICS_ADMIN_TOKEN)\n`
          : `tokenomics serve: dashboard at ${server.url}/?token=${adminToken} (admin token for this run; set TOKENOMICS_ADMIN_TOKEN to choose one)\n`,
      );
      await stopped;
      process.stderr.write(`tokenomics serve: stopped; ${server.recorder.stored} events stored\n`);
    });
}
