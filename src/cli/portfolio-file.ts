import { readFileSync } from "node:fs";
import { PortfolioError, ScenarioError, validatePortfolio, type Portfolio } from "../planning/index.js";
import { UsageError } from "./errors.js";

/**
 * A portfolio file as the `plan` commands read it: JSON, or YAML when the name ends in .yaml or
 * .yml (the YAML parser is loaded only then), validated; every problem a UsageError naming the file.
 */
export async function readPortfolio(file: string): Promise<Portfolio> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const yaml = /\.ya?ml$/i.test(file);
  let data: unknown;
  try {
    data = yaml ? ((await import("yaml")).parse(text) as unknown) : (JSON.parse(text) as unknown);
  } catch (e) {
    throw new UsageError(`${file}: not valid ${yaml ? "YAML" : "JSON"} (${(e as Error).message.split("\n")[0]})`);
  }
  try {
    return validatePortfolio(data, file);
  } catch (e) {
    if (e instanceof PortfolioError) throw new UsageError(e.message);
    throw e;
  }
}

/** planning work, an unknown `--scenario` reported as the flag's error */
export function withScenario<T>(work: () => T): T {
  try {
    return work();
  } catch (e) {
    if (e instanceof ScenarioError) throw new UsageError(`--scenario: ${e.message}`);
    throw e;
  }
}
