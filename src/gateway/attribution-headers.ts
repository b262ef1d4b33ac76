/**
 * Who a call is for, from its virtual key and its `x-tokenomics-*` headers. The key's scope
 * binds: headers fill only what it leaves open. Values are decoded as UTF-8 (Node hands header
 * bytes over as latin-1), trimmed and capped; a tag may not stand in for an attribution field.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { VirtualKey } from "../ledger/store.js";
import type { Attribution } from "../usage/event.js";

/** attribution headers a request may send, and the field each fills */
const HEADER_FIELDS: ReadonlyArray<readonly [string, keyof Omit<Attribution, "tags">]> = [
  ["x-tokenomics-feature", "feature"],
  ["x-tokenomics-customer", "customer"],
  ["x-tokenomics-user", "user"],
  ["x-tokenomics-project", "project"],
  ["x-tokenomics-environment", "environment"],
];

/** the longest attribution value, tag key and tag value; and the most tags a call carries */
export const MAX_VALUE_CHARS = 256;
const MAX_TAG_KEY_CHARS = 64;
const MAX_TAGS = 32;
/** tag keys reports can filter on (`tag.<key>`) */
const TAG_KEY = /^[A-Za-z0-9_.:-]+$/;
/** the attribution fields, which a tag must not shadow */
const ATTRIBUTION_FIELDS = new Set(["org", "team", "project", "feature", "customer", "user", "api_key_id", "environment"]);

/** a header the gateway will not accept; the call is refused with 400 before it is forwarded */
export class AttributionError extends Error {}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** a header's text: its bytes read as UTF-8 when they are UTF-8, else as they came */
export function headerText(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  const raw = Array.isArray(v) ? v[0] : v;
  if (raw === undefined) return undefined;
  let text = raw;
  // only a value with bytes above 0x7f can differ
  if (/[\u0080-\u00ff]/.test(raw)) {
    try {
      text = utf8.decode(Buffer.from(raw, "latin1"));
    } catch {
      text = raw;
    }
  }
  const trimmed = text.trim();
  return trimmed === "" ? undefined : trimmed;
}

function capped(name: string, value: string, max: number): string {
  if (value.length > max) throw new AttributionError(`${name}: longer than ${max} characters (${value.length})`);
  return value;
}

/**
 * `x-tokenomics-tags: plan=pro, region=eu` → { plan: "pro", region: "eu" }
 *
 * @throws AttributionError for a key reports cannot filter on, a key that names an attribution field, or too many or too long tags
 */
export function parseTags(value: string | undefined): Record<string, string> {
  const tags: Record<string, string> = {};
  const parts = (value ?? "").split(",").filter((p) => p.trim() !== "");
  if (parts.length > MAX_TAGS) throw new AttributionError(`x-tokenomics-tags: more than ${MAX_TAGS} tags`);
  for (const part of parts) {
    const eq = part.indexOf("=");
    if (eq <= 0) throw new AttributionError(`x-tokenomics-tags: "${part.trim().slice(0, 40)}" is not key=value`);
    const key = capped("x-tokenomics-tags key", part.slice(0, eq).trim(), MAX_TAG_KEY_CHARS);
    if (!TAG_KEY.test(key)) throw new AttributionError(`x-tokenomics-tags: key "${key}" may hold only letters, digits and _ . : -`);
    if (ATTRIBUTION_FIELDS.has(key.toLowerCase())) throw new AttributionError(`x-tokenomics-tags: "${key}" is an attribution field, not a tag`);
    tags[key] = capped(`x-tokenomics-tags ${key}`, part.slice(eq + 1).trim(), MAX_VALUE_CHARS);
  }
  return tags;
}

/**
 * The key's scope, with headers filling only what the key leaves open.
 *
 * @throws AttributionError for a header value over the cap or a bad tag
 * @example
 * attributionOf(key, { "x-tokenomics-feature": "caf\u00c3\u00a9" }); // { feature: "café", team: key's team, api_key_id: key.id }
 */
export function attributionOf(key: VirtualKey, headers: IncomingHttpHeaders): Attribution {
  const out: Attribution = {};
  for (const [name, field] of HEADER_FIELDS) {
    const v = headerText(headers, name);
    if (v !== undefined) out[field] = capped(name, v, MAX_VALUE_CHARS);
  }
  Object.assign(out, key.scope);
  out.api_key_id = key.id;
  const tags = parseTags(headerText(headers, "x-tokenomics-tags"));
  if (Object.keys(tags).length > 0) out.tags = tags;
  return out;
}
