/**
 * Request bodies of the API, read as a stream and given up as soon as they pass the limit: a
 * chunked body of any size costs at most the limit in memory.
 */
import { ApiError } from "./api-error.js";

const tooLarge = (max: number, length?: number): ApiError =>
  new ApiError(413, "request_too_large", `body${length === undefined ? "" : ` of ${length} bytes`} is over the limit of ${max} bytes`);

/**
 * The body's bytes, at most `max` of them; a 413 when the declared length or the bytes read
 * pass it (what is left unread is not read).
 *
 * @example
 * const bytes = await limitedBody(c.req.raw, 1 << 20);
 */
export async function limitedBody(req: Request, max: number): Promise<Buffer> {
  const declared = req.headers.get("content-length");
  if (declared !== null && Number(declared) > max) throw tooLarge(max, Number(declared));
  if (req.body === null) return Buffer.alloc(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      // not cancelled: that would reset the socket before the 413 is sent
      reader.releaseLock();
      throw tooLarge(max);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}

const UTF8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Bytes as UTF-8 text (a byte-order mark dropped); a 400 for bytes that are not UTF-8, so that
 * no replacement character is ever stored in their place.
 *
 * @example
 * utf8Text(Buffer.from("café")); // "café"
 */
export function utf8Text(bytes: Uint8Array): string {
  try {
    return UTF8.decode(bytes);
  } catch {
    throw new ApiError(400, "invalid_request_error", "the body is not valid UTF-8");
  }
}
