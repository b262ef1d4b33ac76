/**
 * Virtual API keys: what a client sends instead of a provider key. A key maps to attribution
 * (team, project, customer, feature…); it is shown once at creation and stored only as a
 * SHA-256 hash, so a leaked ledger leaks no usable key.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { VirtualKey } from "../ledger/store.js";

const PREFIX = "tk-";

/** the dimensions a key can fix */
export const KEY_DIMENSIONS = ["org", "team", "project", "feature", "customer", "user", "environment"] as const;
export type KeyDimension = (typeof KEY_DIMENSIONS)[number];

/** the hash a key is stored and looked up by */
export function hashKey(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/**
 * A new key: the secret (to show once) and the record to store.
 *
 * @example
 * const { secret, key } = newKey({ team: "search" }, "search bot");
 * secret; // "tk-3q…" (44 characters)
 */
export function newKey(scope: Partial<Record<KeyDimension, string>>, name?: string, now = new Date()): { secret: string; key: VirtualKey } {
  const secret = PREFIX + randomBytes(24).toString("base64url");
  const key: VirtualKey = {
    id: randomUUID(),
    hash: hashKey(secret),
    // enough of the secret to recognise it in a list, not enough to use it
    hint: `${secret.slice(0, 7)}…${secret.slice(-4)}`,
    name: name ?? null,
    scope: Object.fromEntries(Object.entries(scope).filter(([, v]) => v !== undefined && v !== "")),
    created_at: now.toISOString(),
    revoked_at: null,
  };
  return { secret, key };
}

/** the secret a request carries: `Authorization: Bearer …` or `x-api-key` (Anthropic style) */
export function presentedKey(headers: Record<string, string | string[] | undefined>): string | undefined {
  const xKey = headers["x-api-key"];
  if (typeof xKey === "string" && xKey !== "") return xKey;
  const auth = headers["authorization"];
  if (typeof auth === "string") {
    const m = /^Bearer\s+(.+)$/i.exec(auth);
    if (m) return m[1]!.trim();
  }
  const azure = headers["api-key"];
  return typeof azure === "string" && azure !== "" ? azure : undefined;
}
