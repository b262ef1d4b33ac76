import { createRequire } from "node:module";
import { Command, CommanderError } from "commander";
import { CatalogError } from "../pricing/catalog-error.js";
import { registerEstimate } from "./commands/estimate.js";
import { registerModels } from "./commands/models.js";
import { registerPrice } from "./commands/price.js";
import { UsageError } from "./errors.js";

const { version } = createRequire(import.meta.url)("../../../package.json") as { version: string };

/** the `tokenomics` command line; each command loads only what it needs when it runs */
export function buildProgram(): Command {
  const program = new Command("tokenomics")
    .description("Meter, price, attribute and forecast LLM token spend — exactly.")
    .version(version)
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  registerPrice(program);
  registerEstimate(program);
  registerModels(program);
  for (const command of program.commands) command.exitOverride();
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // commander printed its own message; help and --version are not failures
      return e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help" ? 0 : 2;
    }
    if (e instanceof UsageError || e instanceof CatalogError) {
      process.stderr.write(`tokenomics: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`tokenomics: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  }
}
