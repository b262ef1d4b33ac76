import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { parseJson } from "../../shared/json.js";
import { collect, loadCatalog } from "../catalog.js";
import { countFlag, UsageError } from "../errors.js";
import { ledgerPath, openLedgerThread } from "../ledger.js";

interface ServeFlags {
  host: string;
  port: string;
  db?: string;
  config?: string;
  catalog: string[];
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
    .addHelpText(
      "after",
      `
Upstreams: OPENAI_BASE_URL (default https://api.openai.com/v1) with OPENAI_API_KEY, ANTHROPIC_BASE_URL
(default https://api.anthropic.com) with ANTHROPIC_API_KEY, plus the config file's:
  {"upstreams": [{"name": "gemini", "api": "openai", "base_url": "https://generativelanguage.googleapis.com/v1beta/openai",
                  "api_key_env": "GEMINI_API_KEY", "models": ["gemini-*"]}]}
Clients use http://HOST:PORT/v1 (OpenAI SDKs) or http://HOST:PORT (Anthropic SDK) with a key from
\`tokenomics keys create\` as their API key. The admin API and the dashboard (http://HOST:PORT/)
take TOKENOMICS_ADMIN_TOKEN; without it, serve makes one for the run and prints the dashboard's URL.

Examples:
  TOKENOMICS_ADMIN_TOKEN=secret tokenomics serve --port 8787
  tokenomics keys create --team search --server http://127.0.0.1:8787`,
    )
    .action(async (flags: ServeFlags) => {
      const port = countFlag("--port", flags.port);
      if (port > 65535) throw new UsageError(`--port: ${port} is not a port`);
      const [{ startServer }, { upstreamsFrom, gatewayFileSchema }] = await Promise.all([import("../../server/server.js"), import("../../gateway/upstreams.js")]);
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
        spool: `${ledgerPath(flags.db)}.spool.jsonl`,
        log: (line) => process.stderr.write(`tokenomics serve: ${line}\n`),
      });
      process.stderr.write(`tokenomics serve: listening on ${server.url} (gateway ${server.url}/v1, API ${server.url}/api)\n`);
      process.stderr.write(
        configured
          ? `tokenomics serve: dashboard at ${server.url}/ (sign in with TOKENOMICS_ADMIN_TOKEN)\n`
          : `tokenomics serve: dashboard at ${server.url}/?token=${adminToken} (admin token for this run; set TOKENOMICS_ADMIN_TOKEN to choose one)\n`,
      );
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.stderr.write("tokenomics serve: draining calls in flight, flushing the ledger…\n");
          void server.close().then(resolve);
        };
        process.once("SIGTERM", stop);
        process.once("SIGINT", stop);
      });
      process.stderr.write(`tokenomics serve: stopped; ${server.recorder.stored} events stored\n`);
    });
}
