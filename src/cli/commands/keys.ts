import type { Command } from "commander";
import { KEY_DIMENSIONS, newKey } from "../../gateway/keys.js";
import { UsageError } from "../errors.js";
import { serverLedger, serverUrl, withLedger } from "../ledger.js";
import { renderTable, formatFrom } from "../output.js";

interface KeyFlags {
  db?: string;
  server?: string;
  name?: string;
  json?: boolean;
  csv?: boolean;
  [dimension: string]: unknown;
}

const ledgerOptions = (command: Command): Command =>
  command
    .option("--db <file>", "ledger file (default: $TOKENOMICS_DB or ~/.local/share/tokenomics/ledger.duckdb)")
    .option("--server <url>", "a running `tokenomics serve` (default: $TOKENOMICS_SERVER); needs TOKENOMICS_ADMIN_TOKEN");

export function registerKeys(program: Command): void {
  const keys = program.command("keys").description("virtual API keys for the gateway: each maps its calls to a team, project, customer…");

  const create = keys.command("create").description("make a key; prints the key alone on stdout (it is shown once, stored hashed)");
  for (const d of KEY_DIMENSIONS) create.option(`--${d} <${d}>`, `${d} of every call made with the key`);
  ledgerOptions(create.option("--name <name>", "a label to recognise the key by")).action(async (flags: KeyFlags) => {
    const scope = Object.fromEntries(KEY_DIMENSIONS.filter((d) => typeof flags[d] === "string").map((d) => [d, flags[d] as string]));
    const server = serverUrl(flags);
    if (server !== undefined) {
      const store = await serverLedger(server);
      const made = await store.createKey(scope, flags.name).catch((e: Error) => {
        throw new UsageError(e.message);
      });
      process.stdout.write(`${made.key}\n`);
      return;
    }
    const { secret, key } = newKey(scope, flags.name);
    await withLedger(flags.db, (store) => store.saveKey(key));
    process.stdout.write(`${secret}\n`);
  });

  ledgerOptions(keys.command("list").description("the keys (never their secrets)").option("--json", "print JSON").option("--csv", "print CSV")).action(
    async (flags: KeyFlags) => {
      const list = await withLedger(flags, (store) => store.listKeys(), "read");
      const shown = list.map(({ hash: _hash, ...k }) => k);
      if (formatFrom(flags) === "json") return void process.stdout.write(`${JSON.stringify({ keys: shown }, null, 2)}\n`);
      if (shown.length === 0) return void process.stdout.write("no keys yet: tokenomics keys create --team …\n");
      process.stdout.write(
        renderTable(shown, [
          { header: "id", value: (k) => k.id },
          { header: "key", value: (k) => k.hint },
          { header: "name", value: (k) => k.name ?? "" },
          {
            header: "scope",
            value: (k) =>
              Object.entries(k.scope)
                .map(([d, v]) => `${d}=${v}`)
                .join(" "),
          },
          { header: "created", value: (k) => k.created_at.slice(0, 19) },
          { header: "revoked", value: (k) => k.revoked_at?.slice(0, 19) ?? "" },
        ]),
      );
    },
  );

  ledgerOptions(keys.command("revoke <id>").description("stop a key working (its events stay)")).action(async (id: string, flags: KeyFlags) => {
    const server = serverUrl(flags);
    const revoked =
      server !== undefined
        ? await (await serverLedger(server)).revokeKey(id)
        : await withLedger(flags.db, (store) => store.revokeKey(id, new Date().toISOString()));
    if (!revoked) throw new UsageError(`no live key with id "${id}"`);
    process.stdout.write(`revoked ${id}\n`);
  });
}
