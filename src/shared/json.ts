import jsonc from "jsonc-parser";

/** a plain JSON object: not null, not an array */
export type JsonObject = Record<string, unknown>;

/**
 * True for plain objects (not null, not arrays).
 *
 * @example
 * isRecord({ a: 1 }); // true
 * isRecord([1]);      // false
 */
export function isRecord(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A short printable form of a bad value, for error messages.
 *
 * @example
 * describeValue("abc"); // '"abc"'
 * describeValue(-1);    // "-1"
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") return String(value);
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  // keep messages readable when someone passes a whole response body
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** JSON that does not parse, with the line and column of the first problem (1-based) */
export class JsonSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
    readonly problem: string,
  ) {
    super(`line ${line}, column ${column}: ${problem}`);
    this.name = "JsonSyntaxError";
  }
}

/**
 * `JSON.parse`, but a failure says where. Node 20's own message often gives no position, so on
 * failure the text is re-scanned with jsonc-parser (strict: no comments, no trailing commas).
 * @example parseJson('{"a": }') // throws JsonSyntaxError "line 1, column 7: ValueExpected"
 */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const errors: jsonc.ParseError[] = [];
    jsonc.parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const first = errors[0];
    if (!first) throw new JsonSyntaxError(1, 1, e instanceof Error ? e.message : String(e));
    const before = text.slice(0, first.offset);
    const line = before.split("\n").length;
    const column = first.offset - before.lastIndexOf("\n");
    throw new JsonSyntaxError(line, column, jsonc.printParseErrorCode(first.error));
  }
}
