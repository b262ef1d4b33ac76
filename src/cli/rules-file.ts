/**
 * Reading a rules file for `budget apply`: YAML or JSON (JSON is read as the YAML it also is),
 * so that every mistake can name its line — a syntax error with the parser's, a bad field with
 * the line of the value it found at that path.
 */
import { readFileSync } from "node:fs";
import { isNode, LineCounter, parseDocument } from "yaml";
import { formatPath, parseRuleSet, RulesError, type RuleSet } from "../governance/index.js";
import { UsageError } from "./errors.js";

/** the checked rules of a file; a UsageError (exit 2) naming the file, line and field of each mistake */
export function readRulesFile(file: string): RuleSet {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`${file}: cannot read it: ${(e as Error).message}`);
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const line = lines.linePos(e.pos[0]).line;
    throw new UsageError(`${file}:${line}: not valid YAML or JSON: ${e.message.split("\n")[0]}`);
  }
  try {
    return parseRuleSet(doc.toJS());
  } catch (e) {
    if (!(e instanceof RulesError)) throw e;
    const where = (path: readonly (string | number)[]): string => {
      // the line of the deepest node the path reaches (a missing field: its object's line)
      for (let n = path.length; n >= 0; n--) {
        const node = doc.getIn(path.slice(0, n), true);
        if (isNode(node) && node.range) return `${file}:${lines.linePos(node.range[0]).line}`;
      }
      return file;
    };
    throw new UsageError(e.issues.map((i) => `${where(i.path)}: ${formatPath(i.path)}: ${i.message}`).join("\n"));
  }
}
