/**
 * A rule's canonical JSON: keys sorted at every level, undefined left out. Two definitions are
 * the same rule exactly when their canonical JSON is equal, whatever order their fields came
 * in, so that `apply` can say "unchanged" and a store need not rewrite what it already holds.
 * @example canonicalJson({ b: 1, a: { d: 2, c: undefined } }) === '{"a":{"d":2},"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sorted(value));
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = sorted(v);
  }
  return out;
}

/** do two definitions say the same thing? */
export function sameRule(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}
