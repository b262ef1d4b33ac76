/**
 * Who a request to the API is: the admin token (a bearer token only), or a virtual key (bearer or
 * `x-api-key`, as the gateway takes keys). Secrets are compared in constant time.
 */
import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Whether two secrets are equal, in time that depends on neither: both are hashed first, so
 * that not even their lengths leak.
 *
 * @example
 * sameSecret(presented, process.env.TOKENOMICS_ADMIN_TOKEN); // true or false
 */
export function sameSecret(presented: string, expected: string | undefined): boolean {
  if (expected === undefined || expected === "") return false;
  const digest = (s: string): Buffer => createHash("sha256").update(s, "utf8").digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

/**
 * The token of an `Authorization: Bearer …` header, else undefined.
 *
 * @example
 * bearerToken("Bearer tk-abc"); // "tk-abc"
 * bearerToken("Basic abc");     // undefined
 */
export function bearerToken(authorization: string | undefined): string | undefined {
  const token = authorization?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  return token === "" ? undefined : token;
}
