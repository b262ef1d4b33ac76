import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { CardSet, validateCards } from "../compute/index.js";
import { UsageError } from "./errors.js";

/**
 * The built-in compute cards with a user's file on top: JSON or YAML (JSON is read as the YAML it
 * also is), `{"models": [...], "gpus": [...]}`, validated by the compute schema.
 */
export function loadCards(file: string | undefined): CardSet {
  if (file === undefined) return new CardSet();
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`--cards ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  let data: unknown;
  try {
    data = parse(text) as unknown;
  } catch (e) {
    throw new UsageError(`--cards ${file}: not valid YAML or JSON (${(e as Error).message.split("\n")[0]})`);
  }
  return new CardSet(validateCards(data, `--cards ${file}`));
}
