/**
 * What a caller may attribute on `/v1/traces`. A virtual key binds every span posted with it:
 * its scope is forced over the span's own attribution (which may fill only what the scope leaves
 * open) and the key's id is set, so the key can see the call and nobody can charge another team
 * with it. The admin token attributes freely. For everyone, a tag named like an attribution field
 * is dropped: a tag never stands in for one.
 */
import type { VirtualKey } from "../ledger/store.js";
import type { Attribution, UsageRecord } from "../usage/event.js";

/** the attribution fields, by name: no tag may take one of these names */
const FIELDS: ReadonlySet<string> = new Set(["org", "team", "project", "feature", "customer", "user", "environment", "api_key_id"] satisfies (keyof Omit<
  Attribution,
  "tags"
>)[]);

/**
 * The record as the caller may post it: `key` undefined for the admin token.
 *
 * @example
 * boundRecord(spanRecord, key).attribution; // { ...span's, ...key.scope, api_key_id: key.id }
 */
export function boundRecord(record: UsageRecord, key: VirtualKey | undefined): UsageRecord {
  const { tags, ...fields } = record.attribution;
  const attribution: Attribution = key === undefined ? fields : { ...fields, ...key.scope, api_key_id: key.id };
  const kept = Object.entries(tags ?? {}).filter(([name]) => !FIELDS.has(name.toLowerCase()));
  if (kept.length > 0) attribution.tags = Object.fromEntries(kept);
  return { ...record, attribution };
}
