/**
 * Reading the compute calculator's inputs from strings (CLI flags, query parameters): each bad
 * value is an InputError that names its flag or parameter, through the interface's `name`.
 */
import { InputError } from "../shared/input-error.js";

/** how an interface spells a parameter: `gpu_price` → `--gpu-price` for the CLI, as-is for HTTP */
export type Namer = (key: string) => string;

export const cliName: Namer = (key) => `--${key.replaceAll("_", "-")}`;
export const queryName: Namer = (key) => key;

/** the raw values, by snake_case key */
export type RawParams = Readonly<Record<string, string | undefined>>;

const DECIMAL = /^\d+(\.\d+)?$/;

export class Params {
  constructor(
    readonly raw: RawParams,
    readonly name: Namer,
  ) {}

  has(key: string): boolean {
    const v = this.raw[key];
    return v !== undefined && v !== "";
  }

  fail(key: string, message: string): InputError {
    return new InputError(`${this.name(key)}: ${message}`);
  }

  string(key: string): string | undefined {
    return this.has(key) ? this.raw[key]!.trim() : undefined;
  }

  required(key: string): string {
    const v = this.string(key);
    if (v === undefined) throw this.fail(key, "required");
    return v;
  }

  /** a whole number in [min, max] */
  integer(key: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
    const v = this.string(key);
    if (v === undefined) return undefined;
    const n = /^\d+$/.test(v) ? Number(v) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) throw this.fail(key, `expected a whole number from ${min} to ${max}, got ${JSON.stringify(v)}`);
    return n;
  }

  /** a plain decimal string (no sign, no exponent), checked against `ok` */
  decimal(key: string, what: string, ok: (x: number) => boolean = () => true): string | undefined {
    const v = this.string(key);
    if (v === undefined) return undefined;
    if (!DECIMAL.test(v) || !ok(Number(v))) throw this.fail(key, `expected ${what}, got ${JSON.stringify(v)}`);
    return v;
  }

  /** one of `choices` */
  choice<T extends string>(key: string, choices: readonly T[]): T | undefined {
    const v = this.string(key);
    if (v === undefined) return undefined;
    const lower = v.toLowerCase();
    if (!(choices as readonly string[]).includes(lower)) throw this.fail(key, `expected ${choices.join(", ")}, got ${JSON.stringify(v)}`);
    return lower as T;
  }
}
