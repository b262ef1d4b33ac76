/**
 * The one change a what-if applies, and how it is read from flags or query parameters: exactly
 * one change, with the cascade's escalation only beside a model switch.
 */
import Big from "big.js";
import { InputError } from "../shared/input-error.js";

export type Change =
  | { kind: "model"; model: string; escalate?: { share: string; to: string } }
  | { kind: "batch" }
  | { kind: "flex" }
  | { kind: "cache"; lifetime?: string }
  | { kind: "cap-output"; tokens: number }
  | { kind: "trim-input"; percent: string }
  | { kind: "no-retries" };

/** the change as typed: strings and switches, before checking */
export interface ChangeInput {
  model?: string | undefined;
  batch?: boolean | undefined;
  flex?: boolean | undefined;
  cache?: boolean | undefined;
  cap_output?: string | undefined;
  trim_input?: string | undefined;
  no_retries?: boolean | undefined;
  escalate?: string | undefined;
  to?: string | undefined;
}

/** how the caller spells each input: "--cap-output" on the command line, "cap_output" in the API */
export type ChangeNames = Readonly<Record<keyof ChangeInput, string>>;

export const CLI_NAMES: ChangeNames = {
  model: "--model",
  batch: "--batch",
  flex: "--flex",
  cache: "--cache",
  cap_output: "--cap-output",
  trim_input: "--trim-input",
  no_retries: "--no-retries",
  escalate: "--escalate",
  to: "--to",
};

const CHANGES = ["model", "batch", "flex", "cache", "cap_output", "trim_input", "no_retries"] as const;

/**
 * Exactly one change from the input, else an InputError naming the choices.
 * @example changeFrom({ model: "gpt-4o-mini", escalate: "0.2", to: "gpt-4o" }) // { kind: "model", model: "gpt-4o-mini", escalate: { share: "0.2", to: "gpt-4o" } }
 */
export function changeFrom(input: ChangeInput, names: ChangeNames = CLI_NAMES): Change {
  const given = CHANGES.filter((k) => input[k] !== undefined && input[k] !== false && input[k] !== "");
  const choices = CHANGES.map((k) => names[k]).join(", ");
  if (given.length !== 1) {
    const what = given.length === 0 ? "no change given" : `${given.map((k) => names[k]).join(" and ")} given together`;
    throw new InputError(`${what}: give exactly one of ${choices}`);
  }
  const kind = given[0]!;
  const cascade = input.escalate !== undefined || input.to !== undefined;
  if (cascade && kind !== "model") throw new InputError(`${names.escalate} and ${names.to} go with ${names.model} only (a cascade)`);
  switch (kind) {
    case "model": {
      const model = input.model!.trim();
      if (!cascade) return { kind, model };
      if (input.escalate === undefined || input.to === undefined || input.to.trim() === "") {
        throw new InputError(`a cascade needs both ${names.escalate} SHARE and ${names.to} MODEL`);
      }
      return { kind, model, escalate: { share: fraction(names.escalate, input.escalate), to: input.to.trim() } };
    }
    case "cap_output": {
      const v = input.cap_output!.trim();
      if (!/^\d+$/.test(v) || !Number.isSafeInteger(Number(v))) throw new InputError(`${names.cap_output}: expected a whole number of tokens, got "${v}"`);
      return { kind: "cap-output", tokens: Number(v) };
    }
    case "trim_input": {
      const v = input.trim_input!.trim().replace(/%$/, "");
      if (!/^\d+(\.\d+)?$/.test(v) || new Big(v).gt(100))
        throw new InputError(`${names.trim_input}: expected a percentage from 0 to 100, got "${input.trim_input}"`);
      return { kind: "trim-input", percent: new Big(v).toFixed() };
    }
    case "no_retries":
      return { kind: "no-retries" };
    default:
      return { kind };
  }
}

function fraction(name: string, value: string): string {
  const v = value.trim();
  if (!/^(0(\.\d+)?|1(\.0+)?|\.\d+)$/.test(v)) throw new InputError(`${name}: expected a share from 0 to 1 (0.2 = 20% of calls escalate), got "${value}"`);
  return new Big(v).toFixed();
}

/** the change in words, for tables and the result's `change` field */
export function describeChange(change: Change): string {
  switch (change.kind) {
    case "model":
      return change.escalate
        ? `cascade: ${change.model}, escalating ${new Big(change.escalate.share).times(100).toFixed()}% to ${change.escalate.to}`
        : `model ${change.model}`;
    case "cap-output":
      return `output capped at ${change.tokens} tokens`;
    case "trim-input":
      return `uncached input trimmed by ${change.percent}%`;
    case "cache":
      return `prompt caching${change.lifetime ? ` (${change.lifetime} entries)` : ""}`;
    case "no-retries":
      return "no retries or failed calls";
    default:
      return change.kind;
  }
}
