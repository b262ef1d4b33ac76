import { existsSync } from "node:fs";
import type { Command } from "commander";
import { BudgetError, budgetFields, parseBudget, policyFields, SCOPE_KEYS, type Budget, type RuleSet } from "../../governance/index.js";
import { applyRules, type AppliedChange } from "../../ledger/apply-rules.js";
import { budgetStatus, type BudgetStatusReport } from "../../ledger/reports/budget-status.js";
import type { Store } from "../../ledger/store.js";
import { UsageError } from "../errors.js";
import { ledgerPath, serverLedger, serverUrl, withLedger } from "../ledger.js";
import { formatFrom, renderCsv, renderTable, type Column } from "../output.js";
import { readRulesFile } from "../rules-file.js";

interface LedgerFlags {
  db?: string;
  server?: string;
  json?: boolean;
  csv?: boolean;
}

interface SetFlags extends LedgerFlags {
  scope?: string[];
  period: string;
  amount: string;
  tz?: string;
  alerts?: string;
  action: string;
  downgradeTo?: string;
  webhook?: string;
  holdCap?: string;
}

const ledgerOptions = (command: Command): Command =>
  command
    .option("--db <file>", "ledger file (default: $TOKENOMICS_DB or ~/.local/share/tokenomics/ledger.duckdb)")
    .option("--server <url>", "a running `tokenomics serve` (default: $TOKENOMICS_SERVER); needs TOKENOMICS_ADMIN_TOKEN");

/** the flag each field of a budget comes from, to name it in an error */
const FLAG_OF: Record<string, string> = {
  name: "NAME",
  scope: "--scope",
  period: "--period",
  tz: "--tz",
  amountUsd: "--amount",
  alerts: "--alerts",
  action: "--action",
  downgradeTo: "--downgrade-to",
  webhook: "--webhook",
  holdCapUsd: "--hold-cap",
};

const DECIMAL = /^\d+(\.\d+)?$/;

function usdFlag(flag: string, value: string): string {
  if (!DECIMAL.test(value)) throw new UsageError(`${flag}: "${value}" is not a decimal USD amount (such as 25 or 25.50)`);
  return value;
}

function scopeFlag(values: readonly string[]): Record<string, string> {
  const scope: Record<string, string> = {};
  for (const v of values) {
    const eq = v.indexOf("=");
    if (eq <= 0 || eq === v.length - 1) throw new UsageError(`--scope: expected KEY=VALUE (${SCOPE_KEYS.join(", ")}, tag.<key>), got "${v}"`);
    const key = v.slice(0, eq);
    if (key in scope) throw new UsageError(`--scope: ${key} is given twice`);
    scope[key] = v.slice(eq + 1);
  }
  return scope;
}

function alertsFlag(value: string): number[] {
  return value.split(",").map((s) => {
    if (!DECIMAL.test(s.trim())) throw new UsageError(`--alerts: "${s}" is not a percentage (such as 50,80,100)`);
    return Number(s);
  });
}

/** the flags as a checked budget; a mistake names its flag */
export function budgetFromFlags(name: string, flags: SetFlags): Budget {
  const input: Record<string, unknown> = {
    name,
    scope: scopeFlag(flags.scope ?? []),
    period: flags.period,
    amountUsd: usdFlag("--amount", flags.amount),
    action: flags.action,
  };
  if (flags.tz !== undefined) input.tz = flags.tz;
  if (flags.alerts !== undefined) input.alerts = alertsFlag(flags.alerts);
  if (flags.downgradeTo !== undefined) input.downgradeTo = flags.downgradeTo;
  if (flags.webhook !== undefined) input.webhook = flags.webhook;
  if (flags.holdCap !== undefined) input.holdCapUsd = usdFlag("--hold-cap", flags.holdCap);
  try {
    return parseBudget(input);
  } catch (e) {
    if (!(e instanceof BudgetError)) throw e;
    const [first = "", ...rest] = e.field.split(".");
    const detail = e.message.slice(e.field.length + 2);
    throw new UsageError(`${FLAG_OF[first] ?? first}: ${rest.length ? `${rest.join(".")}: ` : ""}${detail}`);
  }
}

/** a change the server refused or could not make, as exit code 2 with its message */
async function viaServer<T>(url: string, work: (store: Awaited<ReturnType<typeof serverLedger>>) => Promise<T>): Promise<T> {
  const store = await serverLedger(url);
  try {
    return await work(store);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

function printChanges(changes: readonly AppliedChange[], flags: LedgerFlags, dryRun: boolean): void {
  if (flags.json) return void process.stdout.write(`${JSON.stringify({ changes, dry_run: dryRun }, null, 2)}\n`);
  if (changes.length === 0) return void process.stdout.write("nothing to apply\n");
  for (const c of changes) process.stdout.write(`${c.change.padEnd(9)} ${c.kind.padEnd(6)} ${c.name}\n`);
  if (dryRun) process.stdout.write("(dry run: nothing was changed)\n");
}

const STATUS_COLUMNS: Column<BudgetStatusReport["budgets"][number]>[] = [
  { header: "budget", value: (s) => s.name },
  { header: "action", value: (s) => s.action },
  { header: "period", value: (s) => `${localDate(Date.parse(s.period_start), s.tz)}..${localDate(Date.parse(s.period_end) - 1, s.tz)}` },
  { header: "limit_usd", value: (s) => s.limit_usd, align: "right" },
  { header: "spent_usd", value: (s) => s.spent_usd, align: "right" },
  { header: "reserved_usd", value: (s) => s.reserved_usd, align: "right" },
  { header: "remaining_usd", value: (s) => s.remaining_usd, align: "right" },
  { header: "projected_usd", value: (s) => s.projected_usd, align: "right" },
  { header: "alerts_sent", value: (s) => s.alerts_sent.join(",") },
  { header: "unpriced", value: (s) => s.unpriced_calls, align: "right" },
];

/** the wall date of an instant in the budget's zone: a period shown as the dates its owner thinks in, both inclusive */
function localDate(t: number, tz: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(t));
}

async function localStatus(store: Store, name: string | undefined): Promise<BudgetStatusReport> {
  const budgets = (await store.listBudgets()).filter((b) => name === undefined || b.name === name);
  if (name !== undefined && budgets.length === 0) throw new UsageError(`no budget named "${name}"`);
  return budgetStatus(store, budgets, Date.now());
}

export function registerBudget(program: Command): void {
  const budget = program.command("budget").description("budgets and policies: define them, apply a rules file, see where spend stands");

  ledgerOptions(
    budget
      .command("set <name>")
      .description("define a budget (replaces one of the same name)")
      .option("--scope <key=value...>", `which calls count (${SCOPE_KEYS.join(", ")}, tag.<key>); repeatable, all must match`)
      .requiredOption("--period <period>", "day, week, month, quarter or START..END (dates, inclusive)")
      .requiredOption("--amount <usd>", "the limit in USD, an exact decimal")
      .option("--tz <zone>", "IANA time zone the period is aligned in (default UTC)")
      .option("--alerts <percents>", "alert thresholds in percent of the limit (default 50,80,100)")
      .requiredOption("--action <action>", "alert, block or downgrade")
      .option("--downgrade-to <model>", "the model a downgrade budget moves calls to")
      .option("--webhook <url>", "where alerts are posted")
      .option("--hold-cap <usd>", "the most one call reserves against the budget"),
  ).action(async (name: string, flags: SetFlags) => {
    const b = budgetFromFlags(name, flags);
    const server = serverUrl(flags);
    const change = server !== undefined ? await viaServer(server, (s) => s.saveBudget(b)) : await withLedger(flags.db, (store) => store.saveBudget(b));
    process.stdout.write(`${change} budget ${b.name}\n`);
  });

  ledgerOptions(
    budget.command("list").description("the budgets and policies (--json prints a file `budget apply` takes)").option("--json", "print JSON"),
  ).action(async (flags: LedgerFlags) => {
    const [budgets, policies] = await withLedger(flags, (store) => Promise.all([store.listBudgets(), store.listPolicies()]), "read");
    if (flags.json)
      return void process.stdout.write(`${JSON.stringify({ budgets: budgets.map(budgetFields), policies: policies.map(policyFields) }, null, 2)}\n`);
    if (budgets.length === 0 && policies.length === 0)
      return void process.stdout.write("no budgets yet: tokenomics budget set NAME --scope team=… --period month …\n");
    const scope = (s: Record<string, string>) =>
      Object.entries(s)
        .map(([k, v]) => `${k}=${v}`)
        .join(" ");
    process.stdout.write(
      renderTable(budgets, [
        { header: "budget", value: (b) => b.name },
        { header: "scope", value: (b) => scope(b.scope) },
        { header: "period", value: (b) => (b.tz === "UTC" ? b.period : `${b.period} (${b.tz})`) },
        { header: "amount_usd", value: (b) => b.amountUsd, align: "right" },
        { header: "action", value: (b) => (b.downgradeTo ? `downgrade → ${b.downgradeTo}` : b.action) },
        { header: "alerts", value: (b) => b.alerts.join(",") },
        { header: "hold_cap_usd", value: (b) => b.holdCapUsd ?? "" },
      ]),
    );
    if (policies.length > 0) {
      process.stdout.write("\n");
      process.stdout.write(
        renderTable(policies, [
          { header: "policy", value: (p) => p.name },
          { header: "match", value: (p) => scope(p.match) },
          {
            header: "rules",
            value: (p) =>
              Object.keys(policyFields(p))
                .filter((k) => k !== "name" && k !== "match")
                .join(", "),
          },
        ]),
      );
    }
  });

  ledgerOptions(budget.command("delete <name>").description("remove a budget")).action(async (name: string, flags: LedgerFlags) => {
    const server = serverUrl(flags);
    const deleted =
      server !== undefined ? await viaServer(server, (s) => s.deleteBudget(name)) : await withLedger(flags.db, (store) => store.deleteBudget(name));
    if (!deleted) throw new UsageError(`no budget named "${name}"`);
    process.stdout.write(`deleted budget ${name}\n`);
  });

  ledgerOptions(
    budget
      .command("status [name]")
      .description("spent, reserved, remaining and projected this period (with --server, reserved is live)")
      .option("--json", "print JSON")
      .option("--csv", "print CSV"),
  ).action(async (name: string | undefined, flags: LedgerFlags) => {
    const server = serverUrl(flags);
    const report =
      server !== undefined ? await viaServer(server, (s) => s.budgetStatus(name)) : await withLedger(flags, (store) => localStatus(store, name), "read");
    const format = formatFrom(flags);
    if (format === "json") return void process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    if (format === "csv") return void process.stdout.write(renderCsv(report.budgets, STATUS_COLUMNS));
    if (report.budgets.length === 0) return void process.stdout.write("no budgets yet: tokenomics budget set NAME --scope team=… --period month …\n");
    process.stdout.write(renderTable(report.budgets, STATUS_COLUMNS));
  });

  ledgerOptions(
    budget
      .command("apply <file>")
      .description("make the budgets and policies what a YAML or JSON file says (checked whole first: a mistake changes nothing)")
      .option("--prune", "also delete budgets and policies the file does not name")
      .option("--dry-run", "print the changes without making them")
      .option("--json", "print JSON"),
  ).action(async (file: string, flags: LedgerFlags & { prune?: boolean; dryRun?: boolean }) => {
    const rules = readRulesFile(file);
    const options = { prune: flags.prune === true, dryRun: flags.dryRun === true };
    const server = serverUrl(flags);
    let changes: AppliedChange[];
    if (server !== undefined) changes = await viaServer(server, (s) => s.applyRules(rules, options));
    else if (options.dryRun && !existsSync(ledgerPath(flags.db))) changes = nothingStored(rules);
    else changes = await withLedger(flags.db, (store) => applyRules(store, rules, options));
    printChanges(changes, flags, options.dryRun);
  });
}

/** a dry run against a ledger that does not exist yet: everything would be created (and no file is made) */
function nothingStored(rules: RuleSet): AppliedChange[] {
  return [
    ...rules.budgets.map((b) => ({ kind: "budget" as const, name: b.name, change: "created" as const })),
    ...rules.policies.map((p) => ({ kind: "policy" as const, name: p.name, change: "created" as const })),
  ];
}
