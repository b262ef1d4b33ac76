/**
 * How a model name seen in the wild maps onto catalog keys. Each rule turns a name into a
 * simpler one; `Catalog.resolve` tries the original first, then each rewrite in order.
 */
export type ResolvedVia = "id" | "alias" | "snapshot" | "platform" | "moving-alias" | "prefix" | "platform-naming" | "dated-family";

export interface NameCandidate {
  key: string;
  via: ResolvedVia | undefined; // undefined: keep the via of the index entry that matches
}

/** lower-case and trim: catalog keys are case-insensitive */
export function nameKey(name: string): string {
  return name.trim().toLowerCase();
}

/** keys compared loosely: `claude-3.5-sonnet` and `claude-3-5-sonnet` are one model */
export function looseKey(key: string): string {
  return key.replace(/[._:]/g, "-");
}

// bedrock cross-region inference prefixes ("us.anthropic.claude-…") and maker prefixes
const BEDROCK_REGION = /^(?:us|eu|apac|ap|ca|jp|au|us-gov|global)\./;
const BEDROCK_MAKER = /^(?:anthropic|meta|amazon|mistral|cohere|ai21|deepseek|openai|qwen|writer|twelvelabs)\./;
const BEDROCK_VERSION = /-v\d+(?::\d+)?$|:\d+$/;
// vertex pins versions with "@" ("claude-3-5-sonnet-v2@20241022", "gemini-1.5-pro@002")
const VERTEX_AT = /@(\d{8}|\d{3}|latest|default)$/;
const VERTEX_NUMBERED = /-00\d$/;
// dated snapshots: -2024-08-06, -20241022, and 4-digit ones (-0613, -2411)
const DATED_SUFFIX = /-(?:\d{4}-\d{2}-\d{2}|\d{8}|\d{4})$/;
const LATEST_SUFFIX = /-(?:latest|preview)$/;

/**
 * The rewrites of a name, most specific first.
 * @example nameCandidates("bedrock/us.anthropic.claude-3-5-haiku-20241022-v1:0").map(c => c.key)
 */
export function nameCandidates(name: string): NameCandidate[] {
  const out: NameCandidate[] = [];
  const seen = new Set<string>();
  const push = (key: string, via: ResolvedVia | undefined): void => {
    if (key && !seen.has(key)) {
      seen.add(key);
      out.push({ key, via });
    }
  };
  const key = nameKey(name);
  push(key, undefined);

  // provider prefixes: "openrouter/anthropic/claude-…" → "anthropic/claude-…" → "claude-…"
  let rest = key;
  while (rest.includes("/")) {
    rest = rest.slice(rest.indexOf("/") + 1);
    push(rest, "prefix");
  }

  // platform naming conventions, applied to the bare name
  let platform = rest;
  const rewrite = (re: RegExp, by: string): void => {
    const next = platform.replace(re, by);
    if (next !== platform) {
      platform = next;
      push(platform, "platform-naming");
    }
  };
  rewrite(BEDROCK_REGION, "");
  rewrite(BEDROCK_MAKER, "");
  rewrite(BEDROCK_VERSION, "");
  rewrite(VERTEX_AT, (platform.match(VERTEX_AT)?.[1] ?? "").match(/^\d{8}$/) ? "-$1" : "");
  rewrite(VERTEX_NUMBERED, "");
  rewrite(/^gpt-35-/, "gpt-3.5-"); // azure spells gpt-3.5 without the dot

  // a dated snapshot the catalog does not list is priced as its family at that date
  let family = platform;
  for (;;) {
    const next = family.replace(DATED_SUFFIX, "").replace(LATEST_SUFFIX, "");
    if (next === family) break;
    family = next;
    push(family, "dated-family");
  }
  return out;
}

/** edit distance, for suggesting the nearest known names */
export function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}
