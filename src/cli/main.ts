import { createRequire } from "node:module";
import { Command, CommanderError } from "commander";
import { CatalogError } from "../pricing/catalog-error.js";
import { InputError } from "../shared/input-error.js";

const { version } = createRequire(import.meta.url)("../../../package.json") as { version: string };

type Register = (program: Command) => void;

/** each command's module, loaded only when that command runs (or for help): start-up stays fast */
const COMMANDS: Record<string, () => Promise<Register>> = {
  price: async () => (await import("./commands/price.js")).registerPrice,
  estimate: async () => (await import("./commands/estimate.js")).registerEstimate,
  models: async () => (await import("./commands/models.js")).registerModels,
  import: async () => (await import("./commands/import.js")).registerImport,
  report: async () => (await import("./commands/report.js")).registerReport,
  reprice: async () => (await import("./commands/reprice.js")).registerReprice,
  demo: async () => (await import("./commands/demo.js")).registerDemo,
  export: async () => (await import("./commands/export.js")).registerExport,
  serve: async () => (await import("./commands/serve.js")).registerServe,
  keys: async () => (await import("./commands/keys.js")).registerKeys,
  budget: async () => (await import("./commands/budget.js")).registerBudget,
  plan: async () => (await import("./commands/plan.js")).registerPlan,
  outcomes: async () => (await import("./commands/outcomes.js")).registerOutcomes,
  whatif: async () => (await import("./commands/whatif.js")).registerWhatIf,
  savings: async () => (await import("./commands/savings.js")).registerSavings,
  compute: async () => (await import("./commands/compute.js")).registerCompute,
};

/** the `tokenomics` command line, with the commands `argv` needs (all of them for help) */
export async function buildProgram(argv: readonly string[] = []): Promise<Command> {
  const program = new Command("tokenomics")
    .description("Meter, price, attribute and forecast LLM token spend — exactly.")
    .version(version)
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  const name = argv[2];
  const wanted = name !== undefined && Object.hasOwn(COMMANDS, name) ? [name] : Object.keys(COMMANDS);
  for (const register of await Promise.all(wanted.map((n) => COMMANDS[n]!()))) register(program);
  for (const command of program.commands) command.exitOverride();
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await (await buildProgram(argv)).parseAsync(argv);
    // a command that ran to the end may still have failed (an import whose every line was rejected)
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // commander printed its own message; help and --version are not failures
      return e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help" ? 0 : 2;
    }
    // a wrong flag, value or file named by the user (UsageError is one), or a bad catalog file
    if (e instanceof InputError || e instanceof CatalogError) {
      process.stderr.write(`tokenomics: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`tokenomics: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  }
}
