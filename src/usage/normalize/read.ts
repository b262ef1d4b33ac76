/**
 * Defensive readers for provider usage objects.
 *
 * Provider JSON is untrusted: a missing or null field means "not reported" and reads as 0,
 * but a field of the wrong type is a bug somewhere upstream and must fail loudly, naming the
 * exact field path, rather than silently mispricing a call.
 */
import { describeValue as describe, isRecord, type JsonObject } from "../../shared/json.js";

/**
 * Joins a parent field path and a key.
 *
 * @example
 * fieldPath("usage", "prompt_tokens"); // "usage.prompt_tokens"
 * fieldPath("", "usage");              // "usage"
 */
export function fieldPath(parent: string, key: string): string {
  return parent === "" ? key : `${parent}.${key}`;
}

/**
 * Checks that a value is a token or unit count and returns it.
 *
 * @throws Error naming `path` when the value is not a non-negative safe integer
 * @example
 * asCount(12, "usage.prompt_tokens"); // 12
 * asCount("abc", "usage.prompt_tokens");
 * // throws: usage.prompt_tokens: expected a non-negative integer, got "abc"
 */
export function asCount(value: unknown, path: string): number {
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return value;
  throw new Error(`${path}: expected a non-negative integer, got ${describe(value)}`);
}

/**
 * Checks that a value is an object and returns it.
 *
 * @throws Error naming `path` when the value is not a plain object
 * @example
 * asObject({ prompt_tokens: 1 }, "usage"); // { prompt_tokens: 1 }
 * asObject(null, "usage"); // throws: usage: expected an object, got null
 */
export function asObject(value: unknown, path: string): JsonObject {
  if (isRecord(value)) return value;
  throw new Error(`${path}: expected an object, got ${describe(value)}`);
}

/**
 * Reads a count that may be absent: missing or null gives `undefined`.
 *
 * @example
 * readOptionalCount({ total_tokens: 9 }, "total_tokens", "usage"); // 9
 * readOptionalCount({}, "total_tokens", "usage");                  // undefined
 */
export function readOptionalCount(obj: JsonObject | undefined, key: string, parent: string): number | undefined {
  const value = obj?.[key];
  if (value === undefined || value === null) return undefined;
  return asCount(value, fieldPath(parent, key));
}

/**
 * Reads a count: missing or null gives 0, anything else must be a non-negative integer.
 *
 * @example
 * readCount({ cached_tokens: 1920 }, "cached_tokens", "usage.prompt_tokens_details"); // 1920
 * readCount(undefined, "cached_tokens", "usage.prompt_tokens_details");               // 0
 */
export function readCount(obj: JsonObject | undefined, key: string, parent: string): number {
  return readOptionalCount(obj, key, parent) ?? 0;
}

/**
 * Reads a nested object: missing or null gives `undefined`, a non-object throws.
 *
 * @example
 * readObject({ prompt_tokens_details: { cached_tokens: 0 } }, "prompt_tokens_details", "usage");
 * // { cached_tokens: 0 }
 */
export function readObject(obj: JsonObject | undefined, key: string, parent: string): JsonObject | undefined {
  const value = obj?.[key];
  if (value === undefined || value === null) return undefined;
  return asObject(value, fieldPath(parent, key));
}

/**
 * Reads a nested array: missing or null gives `undefined`, a non-array throws.
 *
 * @example
 * readArray({ output: [] }, "output", ""); // []
 */
export function readArray(obj: JsonObject | undefined, key: string, parent: string): readonly unknown[] | undefined {
  const value = obj?.[key];
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value;
  throw new Error(`${fieldPath(parent, key)}: expected an array, got ${describe(value)}`);
}

/** a count's place in a usage object: a key, or an object's key and the key inside it */
export type CountPath = readonly [string] | readonly [string, string];

/**
 * The count at a path (missing or null: 0), naming the full path when it is not a count.
 *
 * @example
 * countAt({ prompt_tokens_details: { cached_tokens: 1920 } }, ["prompt_tokens_details", "cached_tokens"], "usage"); // 1920
 */
export function countAt(obj: JsonObject, path: CountPath, parent: string): number {
  if (path.length === 1) return readCount(obj, path[0], parent);
  return readCount(readObject(obj, path[0], parent), path[1], fieldPath(parent, path[0]));
}
