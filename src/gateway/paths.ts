/**
 * A request's path, normalised once, before anything reads it: percent-decoded segment by
 * segment, repeated slashes collapsed, `.` and `..` resolved. Routing, metering and the upstream
 * URL all read this one value, so `/v1/x/../chat/completions` cannot be checked as one path and
 * forwarded as another.
 */

export type NormalizedPath = { ok: true; path: string; segments: readonly string[]; query: string } | { ok: false; reason: string };

const MAX_PATH = 2048;

/**
 * @example
 * normalizePath("/v1//x/../chat/completions?a=1"); // { ok: true, path: "/v1/chat/completions", query: "?a=1", … }
 * normalizePath("/v1/../../stats");                // { ok: false, reason: "the path climbs above the root" }
 * normalizePath("/%ff");                           // { ok: false, reason: "the path has an invalid percent-escape" }
 */
export function normalizePath(raw: string): NormalizedPath {
  if (raw.length > MAX_PATH) return { ok: false, reason: `the path is longer than ${MAX_PATH} characters` };
  const q = raw.indexOf("?");
  const pathPart = q === -1 ? raw : raw.slice(0, q);
  const query = q === -1 ? "" : raw.slice(q);
  if (!pathPart.startsWith("/")) return { ok: false, reason: "the path must start with /" };
  const segments: string[] = [];
  for (const encoded of pathPart.split("/")) {
    let segment: string;
    try {
      segment = decodeURIComponent(encoded);
    } catch {
      return { ok: false, reason: "the path has an invalid percent-escape" };
    }
    // an encoded separator or control character would change the path's meaning upstream
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
    if (/[/\\\u0000-\u001f\u007f]/.test(segment)) return { ok: false, reason: "the path has an encoded separator or control character" };
    if (segment === "" || segment === ".") continue;
    if (segment === "..") {
      if (segments.length === 0) return { ok: false, reason: "the path climbs above the root" };
      segments.pop();
      continue;
    }
    segments.push(segment);
  }
  return { ok: true, path: `/${segments.map(encodeURIComponent).join("/")}`, segments, query };
}
