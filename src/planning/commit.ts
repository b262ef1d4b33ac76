import Big from "big.js";

/**
 * A commitment product: a prepaid token pack or provisioned throughput (Azure PTU, Bedrock Model
 * Units). Capacity is in weighted tokens: one output token counts as `outputWeight` input tokens,
 * cached input counts zero when `cachedFree`.
 */
export interface CommitmentProduct {
  /** USD per unit per `per` */
  unitPrice: Big;
  per: "month" | "hour";
  /** weighted tokens per minute per unit (provisioned throughput) */
  unitTpm?: number;
  /** or weighted tokens per month per unit (a prepaid token pack that lapses each month) */
  unitTokensPerMonth?: number;
  outputWeight: number;
  cachedFree: boolean;
  /** smallest non-zero size, and the step above it, in units */
  minUnits: number;
  step: number;
}

/** a month is 30 days here: 720 hours, 43,200 minutes */
export const HOURS_PER_MONTH = 720;
export const MINUTES_PER_MONTH = 43_200;

/** what one unit costs per month (price × 720 when priced per hour) */
export function unitCostPerMonth(product: CommitmentProduct): Big {
  return product.per === "hour" ? product.unitPrice.times(HOURS_PER_MONTH) : product.unitPrice;
}

/** weighted tokens one unit serves in a month: a pack's tokens, or tpm × 60 × 24 × 30 */
export function unitCapacity(product: CommitmentProduct): Big {
  if (product.unitTokensPerMonth !== undefined) return new Big(String(product.unitTokensPerMonth));
  if (product.unitTpm === undefined) throw new RangeError("a commitment product needs unitTpm or unitTokensPerMonth");
  return new Big(String(product.unitTpm)).times(MINUTES_PER_MONTH);
}

/**
 * r: the commitment's price per weighted token when fully used (unit cost / unit capacity).
 * @example commitmentRate({ unitPrice: new Big(432), per: "month", unitTpm: 10000, … }) // 0.000001
 */
export function commitmentRate(product: CommitmentProduct): Big {
  return unitCostPerMonth(product).div(unitCapacity(product));
}

/** weighted tokens of a mean request: input + cached (0 when free) + w × (output + reasoning) */
export function weightedTokens(
  mean: { input: number; cached_input: number; output: number; reasoning: number },
  product: Pick<CommitmentProduct, "outputWeight" | "cachedFree">,
): number {
  return mean.input + (product.cachedFree ? 0 : mean.cached_input) + product.outputWeight * (mean.output + mean.reasoning);
}

/**
 * Price per used token at utilisation u: exactly r / u, and the rule of thumb r·(2 − u), which is
 * only its first-order expansion near u = 1 (at u = 0.25: 4r against 1.75r).
 * @example effectivePrice(new Big(1), 0.5) // { exact: 2, ruleOfThumb: 1.5 }
 */
export function effectivePrice(r: Big, u: number): { exact: Big | null; ruleOfThumb: Big } {
  const bu = new Big(String(u));
  return { exact: u > 0 ? r.div(bu) : null, ruleOfThumb: r.times(new Big(2).minus(bu)) };
}

/** u* = r / p: above this utilisation the commitment beats pay-as-you-go */
export function breakEvenUtilisation(r: Big, payg: Big): Big {
  return r.div(payg);
}

/** the sizes one may buy up to `maxUnits` (or the first beyond it): 0, min, min + step, … */
export function sizeAt(product: CommitmentProduct, index: number): number {
  return index === 0 ? 0 : product.minUnits + (index - 1) * product.step;
}

/** one point of the cost curve; money over the horizon */
export interface SizeCost {
  units: number;
  /** weighted tokens per month */
  capacity: Big;
  commitment: Big;
  expectedSpill: Big;
  expectedTotal: Big;
  /** E[min(D, capacity)] / capacity; null at size 0 */
  expectedUtilisation: number | null;
  /** P(demand > capacity) over the sample */
  pExceed: number;
}

/**
 * Monthly demand samples (weighted tokens, pooled over paths and months), sorted with exact
 * prefix sums so E[(D − x)+] is O(log n).
 */
export class DemandSample {
  readonly sorted: number[];
  private readonly prefix: Big[];
  constructor(samples: readonly number[]) {
    if (samples.length === 0) throw new Error("no demand samples");
    this.sorted = samples.map((s) => Math.max(0, Math.round(s))).sort((a, b) => a - b);
    this.prefix = [new Big(0)];
    for (const s of this.sorted) this.prefix.push(this.prefix[this.prefix.length - 1]!.plus(s));
  }
  get size(): number {
    return this.sorted.length;
  }
  get mean(): Big {
    return this.prefix[this.sorted.length]!.div(this.sorted.length);
  }
  /** the samples above x: how many, and their sum */
  private above(x: Big): { count: number; sum: Big } {
    const xn = Number(x);
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid]! > xn) hi = mid;
      else lo = mid + 1;
    }
    return { count: this.sorted.length - lo, sum: this.prefix[this.sorted.length]!.minus(this.prefix[lo]!) };
  }
  /** E[(D − x)+] */
  expectedExcess(x: Big): Big {
    const { count, sum } = this.above(x);
    return sum.minus(x.times(count)).div(this.sorted.length);
  }
  /** P(D > x) */
  pExceed(x: Big): number {
    return this.above(x).count / this.sorted.length;
  }
}

/**
 * Expected cost over `months` months at `units` units: commitment units·c·months, plus spill-over
 * above capacity at `payg` USD per weighted token, E[(D − units·K)+]·p·months.
 */
export function sizeCost(product: CommitmentProduct, demand: DemandSample, payg: Big, months: number, units: number): SizeCost {
  const capacity = unitCapacity(product).times(units);
  const commitment = unitCostPerMonth(product).times(units).times(months);
  const excess = demand.expectedExcess(capacity);
  const expectedSpill = excess.times(payg).times(months);
  const used = demand.mean.minus(excess);
  return {
    units,
    capacity,
    commitment,
    expectedSpill,
    expectedTotal: commitment.plus(expectedSpill),
    expectedUtilisation: units === 0 ? null : Number(used.div(capacity)),
    pExceed: demand.pExceed(capacity),
  };
}

export interface Newsvendor {
  best: SizeCost;
  paygOnly: SizeCost;
  /** r / p: the critical fractile P(demand > C) the best size should meet */
  criticalFractile: Big;
  /** the smallest size with P(demand > capacity) ≤ r / p; the best is it or the size before */
  fractileUnits: number;
  /** the sizes worth looking at: 0 up to the first that covers the largest sample */
  lastIndex: number;
}

/** the index of the first size whose capacity covers every sample */
function coverIndex(product: CommitmentProduct, demand: DemandSample): number {
  const max = new Big(demand.sorted[demand.size - 1]!);
  if (max.eq(0)) return 0;
  const units = Math.ceil(Number(max.div(unitCapacity(product))));
  return units <= product.minUnits ? 1 : 1 + Math.ceil((units - product.minUnits) / product.step);
}

/**
 * The newsvendor size: the C (0, or min + k·step) minimising commitment + E[spill-over]. The
 * expected cost is convex in C, so a binary search on the sign of the step-to-step difference
 * finds the smallest minimiser; the continuous rule is P(D > C·K) = r / p.
 *
 * @example newsvendor(product, new DemandSample(samples), payg, 12).best.units
 */
export function newsvendor(product: CommitmentProduct, demand: DemandSample, payg: Big, months: number): Newsvendor {
  const cost = (i: number) => sizeCost(product, demand, payg, months, sizeAt(product, i));
  const lastIndex = coverIndex(product, demand);
  let lo = 0;
  let hi = lastIndex;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cost(mid + 1).expectedTotal.gte(cost(mid).expectedTotal)) hi = mid;
    else lo = mid + 1;
  }
  const criticalFractile = commitmentRate(product).div(payg);
  const target = Number(criticalFractile);
  let f = 0;
  let fhi = lastIndex;
  while (f < fhi) {
    const mid = (f + fhi) >> 1;
    if (demand.pExceed(unitCapacity(product).times(sizeAt(product, mid))) <= target) fhi = mid;
    else f = mid + 1;
  }
  return { best: cost(lo), paygOnly: cost(0), criticalFractile, fractileUnits: sizeAt(product, f), lastIndex };
}

/** the cost curve at every size from 0 to the first covering every sample, or `points` of them evenly spread (keeping 0, the minimum and the best ± one step) */
export function costCurve(product: CommitmentProduct, demand: DemandSample, payg: Big, months: number, result: Newsvendor, points = Infinity): SizeCost[] {
  const last = result.lastIndex;
  const indices = new Set<number>();
  if (last + 1 <= points) for (let i = 0; i <= last; i++) indices.add(i);
  else {
    for (let j = 0; j < points; j++) indices.add(Math.round((j * last) / (points - 1)));
    const bestIndex = result.best.units === 0 ? 0 : 1 + (result.best.units - product.minUnits) / product.step;
    for (const i of [0, 1, bestIndex - 1, bestIndex, bestIndex + 1]) if (i >= 0 && i <= last) indices.add(i);
  }
  return [...indices].sort((a, b) => a - b).map((i) => sizeCost(product, demand, payg, months, sizeAt(product, i)));
}
