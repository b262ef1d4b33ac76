import Big from "big.js";

/**
 * A plan command's input that cannot be used (a bad term, an unknown use case, an unknown
 * scenario…): the message names the field as the caller calls it (`--unit-price` on the command
 * line, `unit_price` in an API body), `field` is its snake_case name.
 */
export class PlanInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = "PlanInputError";
  }
}

/** how a caller names a field, from its snake_case name: the API uses it as is */
export type FieldName = (field: string) => string;

/** the snake_case name itself (API bodies and query strings) */
export const snakeCase: FieldName = (field) => field;

/** the command-line flag of a field: unit_price → --unit-price */
export const flagName: FieldName = (field) => `--${field.replace(/_/g, "-")}`;

/** a term as the caller gave it: a flag's string, or a JSON value */
export type RawTerm = string | number | boolean | null | undefined;

/** the text of a raw term, for messages and parsing (numbers as JavaScript writes them) */
export const termText = (value: RawTerm): string => String(value);

/** a non-negative decimal written plainly (12, 0.5), or a finite non-negative JSON number */
export function plainDecimal(value: RawTerm): Big | null {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? new Big(value) : null;
  if (typeof value !== "string" || !/^\d+(\.\d+)?$/.test(value.trim())) return null;
  return new Big(value.trim());
}

/** a whole number written plainly, or a safe non-negative JSON integer */
export function plainWhole(value: RawTerm): number | null {
  if (typeof value === "number") return Number.isSafeInteger(value) && value >= 0 ? value : null;
  if (typeof value !== "string" || !/^\d+$/.test(value.trim()) || !Number.isSafeInteger(Number(value))) return null;
  return Number(value);
}
