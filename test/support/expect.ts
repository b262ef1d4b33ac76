/**
 * What the dashboard should show, worked out independently of its code: the default period and
 * dollars as people read them.
 */

const DAY_MS = 86_400_000;

/** the `days` whole UTC days up to and including the day of `last`: [from, to) as YYYY-MM-DD */
export function lastDays(last: string, days: number): { from: string; to: string } {
  const end = Math.floor(Date.parse(last) / DAY_MS) * DAY_MS + DAY_MS;
  const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
  return { from: day(end - days * DAY_MS), to: day(end) };
}

/**
 * an exact decimal in dollars and cents, rounded half away from zero, with thousands separators
 * @example dollars("1234.565") === "$1,234.57"
 */
export function dollars(value: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value);
  if (!m) throw new Error(`not a decimal: ${value}`);
  const fraction = (m[3] ?? "").padEnd(3, "0");
  let cents = BigInt(m[2]!) * 100n + BigInt(fraction.slice(0, 2));
  if (Number(fraction[2]) >= 5) cents += 1n;
  if (cents === 0n && /[1-9]/.test(fraction)) throw new Error(`${value} is under half a cent: the dashboard shows it with more places`);
  const whole = (cents / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${cents === 0n ? "" : m[1]}$${whole}.${(cents % 100n).toString().padStart(2, "0")}`;
}

/** a query string; arrays repeat the key */
export function query(params: Record<string, string | number | readonly string[]>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const one of Array.isArray(v) ? v : [v]) q.append(k, String(one));
  return q.toString();
}
