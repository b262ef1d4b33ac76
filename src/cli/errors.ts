/** a mistake in how the command was called: printed without a stack, exit code 2 */
export class UsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** a non-negative integer flag, or a UsageError naming the flag */
export function countFlag(flag: string, value: string | undefined): number {
  if (value === undefined) return 0;
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`${flag}: expected a non-negative whole number, got "${value}"`);
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new UsageError(`${flag}: ${value} is too large`);
  return n;
}

/** a YYYY-MM-DD date or an ISO timestamp */
export function dateFlag(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}([T ].*)?$/.test(value) || Number.isNaN(Date.parse(value.slice(0, 10)))) {
    throw new UsageError(`${flag}: expected a date like 2025-06-10, got "${value}"`);
  }
  return value;
}
