/**
 * A sampler of lognormal multipliers with mean 1 and coefficient of variation `cv`:
 * exp(μ + σ·Z) with σ² = ln(1 + cv²) and μ = −σ²/2, Z standard normal (Box–Muller).
 * cv = 0 gives exactly 1.
 */
export function lognormalMultiplier(cv: number, random: () => number): () => number {
  if (cv === 0) return () => 1;
  const sigma2 = Math.log(1 + cv * cv);
  const sigma = Math.sqrt(sigma2);
  const mu = -sigma2 / 2;
  return () => Math.exp(mu + sigma * standardNormal(random));
}

/**
 * A standard normal draw (Box–Muller, the cosine half), from two uniforms.
 * @example standardNormal(seededRandom(1)) // a number, mean 0 and variance 1 over many draws
 */
export function standardNormal(random: () => number): number {
  const u1 = 1 - random();
  const u2 = random();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/**
 * The p-quantile (0..1) of sorted values, linearly interpolated between order statistics.
 * @example quantile([1, 2, 3, 4], 0.5) // 2.5
 */
export function quantile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}
