import type { Scaled } from "../pricing/money.js";

/**
 * A running exact sum of money: a bigint count of 10^-scale USD, its scale growing to the
 * finest amount added. Decimal strings and scaled integers in, a decimal string out.
 *
 * @example
 * const s = new ExactSum();
 * s.add("0.1"); s.addScaled(25, 3); s.toString(); // "0.125"
 */
export class ExactSum {
  private units = 0n;
  private scale = 0;

  /** a decimal string such as "0.0075" (or "-1.5") */
  add(amount: string): this {
    const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount);
    if (!m) throw new Error(`not a decimal amount: "${amount}"`);
    const fraction = m[3] ?? "";
    const value = BigInt(m[2]! + fraction);
    return this.addScaled(m[1] === "-" ? -value : value, fraction.length);
  }

  /** an integer count of 10^-scale USD */
  addScaled(amount: Scaled, scale: number): this {
    let value = BigInt(amount);
    if (scale > this.scale) {
      this.units *= 10n ** BigInt(scale - this.scale);
      this.scale = scale;
    } else if (scale < this.scale) value *= 10n ** BigInt(this.scale - scale);
    this.units += value;
    return this;
  }

  addSum(other: ExactSum): this {
    return this.addScaled(other.units, other.scale);
  }

  /** this minus another sum, as a new sum */
  minus(other: ExactSum): ExactSum {
    return new ExactSum().addSum(this).addScaled(-other.units, other.scale);
  }

  isZero(): boolean {
    return this.units === 0n;
  }

  /** the value in 10^-scale units at this sum's own scale */
  get raw(): { units: bigint; scale: number } {
    return { units: this.units, scale: this.scale };
  }

  /** the shortest exact decimal string */
  toString(): string {
    const negative = this.units < 0n;
    const digits = (negative ? -this.units : this.units).toString().padStart(this.scale + 1, "0");
    const whole = digits.slice(0, digits.length - this.scale);
    const fraction = digits.slice(digits.length - this.scale).replace(/0+$/, "");
    return `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
  }
}

/**
 * part ÷ whole × 100, rounded half-up to two places, as a decimal string; null when the whole is zero.
 * @example percentOf(sum("1"), sum("3")) // "33.33"
 */
export function percentOf(part: ExactSum, whole: ExactSum): string | null {
  const p = part.raw;
  const w = whole.raw;
  if (w.units === 0n) return null;
  // bring both to one scale, then (part × 10000 ÷ whole) rounded half away from zero
  const scale = Math.max(p.scale, w.scale);
  const pu = p.units * 10n ** BigInt(scale - p.scale);
  const wu = w.units * 10n ** BigInt(scale - w.scale);
  const num = pu * 10000n;
  const negative = num < 0n !== wu < 0n;
  const a = num < 0n ? -num : num;
  const b = wu < 0n ? -wu : wu;
  let q = a / b;
  if ((a % b) * 2n >= b) q += 1n;
  const s = q.toString().padStart(3, "0");
  const text = `${s.slice(0, -2)}.${s.slice(-2)}`;
  return negative && q !== 0n ? `-${text}` : text;
}
