/**
 * The body of an OTLP/HTTP trace export (`POST /v1/traces`) → usage records.
 *
 * Takes OTLP/JSON (`application/json`) and OTLP/protobuf (`application/x-protobuf`), gzip or
 * deflate encoded or not. The protobuf message is rewritten in the OTLP/JSON shape and both go
 * through the `otel` importer's span conversion, so the same export gives the same records
 * whichever way it came, and the same as `tokenomics import otel` on a file. Spans without
 * GenAI usage are skipped; a span with bad content is rejected alone; a body that is not a
 * trace export at all is an `OtlpError` with the HTTP status to answer.
 */
import { gunzipSync, inflateSync } from "node:zlib";
import type { UsageRecord } from "../../usage/event.js";
import { describeValue, isRecord, parseJson } from "../../shared/json.js";
import { resourceSpansItems } from "./otel.js";
import { decodeTraceRequestProto, encodeTraceResponseProto } from "./proto.js";

/** a body that is not an export we can read; `status` is the HTTP status to answer with */
export class OtlpError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
    this.name = "OtlpError";
  }
}

/** a span that carried usage but could not be read */
export interface OtlpRejected {
  /** 1-based position of the span in the export */
  span: number;
  reason: string;
}

export interface OtlpDecoded {
  /** one per GenAI model-call span, in export order */
  records: UsageRecord[];
  rejected: OtlpRejected[];
  /** every span in the export, metered or not */
  spans: number;
}

export interface OtlpDecodeOptions {
  /** the request's `content-encoding` header */
  contentEncoding?: string | undefined;
  /** the most bytes a compressed body may inflate to (default `OTLP_MAX_INFLATED_BYTES`) */
  maxBytes?: number;
}

/** default bound on an inflated body: a small gzip bomb must not take the server's memory */
export const OTLP_MAX_INFLATED_BYTES = 64 * 1024 * 1024;

/** the encodings OTLP/HTTP may use, by media type */
const MEDIA_TYPES: Readonly<Record<string, "json" | "protobuf">> = {
  "application/json": "json",
  "application/x-protobuf": "protobuf",
  "application/protobuf": "protobuf",
};

/** the other signals' top-level keys: posted to the traces endpoint by mistake */
const OTHER_SIGNALS = ["resourceLogs", "resourceMetrics", "resourceProfiles"];

/**
 * The encoding named by a `content-type` header (parameters such as `charset` ignored).
 *
 * @throws OtlpError 415 for any other media type
 * @example
 * otlpEncoding("application/json; charset=utf-8"); // "json"
 * otlpEncoding("application/x-protobuf");          // "protobuf"
 */
export function otlpEncoding(contentType: string | undefined): "json" | "protobuf" {
  const media = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  const encoding = Object.hasOwn(MEDIA_TYPES, media) ? MEDIA_TYPES[media] : undefined;
  if (encoding === undefined) {
    const got = media === "" ? "no content-type" : `content-type ${media}`;
    throw new OtlpError(415, `${got}: OTLP/HTTP takes application/json or application/x-protobuf`);
  }
  return encoding;
}

/**
 * Undoes a `content-encoding` (gzip, deflate, identity; a list is undone last first).
 *
 * @throws OtlpError 415 for an encoding it does not know, 400 for a body that does not
 *   inflate, 413 for one that inflates past `maxBytes`
 * @example
 * decodeContentEncoding(gzipSync(body), "gzip"); // body
 */
export function decodeContentEncoding(body: Buffer, contentEncoding: string | undefined, maxBytes = OTLP_MAX_INFLATED_BYTES): Buffer {
  const codings = (contentEncoding ?? "")
    .split(",")
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== "" && c !== "identity");
  let out = body;
  for (const coding of codings.reverse()) {
    const inflate = coding === "gzip" || coding === "x-gzip" ? gunzipSync : coding === "deflate" ? inflateSync : undefined;
    if (inflate === undefined) throw new OtlpError(415, `content-encoding ${coding}: supported are gzip, deflate and identity`);
    try {
      out = inflate(out, { maxOutputLength: maxBytes });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") {
        throw new OtlpError(413, `body inflates to more than ${maxBytes} bytes`);
      }
      throw new OtlpError(400, `body is not valid ${coding}: ${(e as Error).message}`);
    }
  }
  return out;
}

// fatal: bytes that are not UTF-8 are refused, never stored as replacement characters
const UTF8 = new TextDecoder("utf-8", { fatal: true });

/** an OTLP/JSON body's text (a byte-order mark dropped) */
function utf8(body: Buffer): string {
  try {
    return UTF8.decode(body);
  } catch {
    throw new OtlpError(400, "body is not valid UTF-8");
  }
}

/** the resourceSpans of an OTLP/JSON body */
function jsonResourceSpans(body: Buffer): unknown[] {
  const text = utf8(body);
  let doc: unknown;
  try {
    doc = parseJson(text);
  } catch (e) {
    throw new OtlpError(400, `body is not JSON: ${(e as Error).message}`);
  }
  if (!isRecord(doc)) throw new OtlpError(400, `expected an OTLP ExportTraceServiceRequest object, got ${describeValue(doc)}`);
  const spans = doc["resourceSpans"];
  if (spans === undefined || spans === null) {
    const other = OTHER_SIGNALS.find((key) => key in doc);
    if (other !== undefined) throw new OtlpError(400, `the body holds ${other}, not resourceSpans: not a trace export`);
    // an empty request is a valid one
    return [];
  }
  if (!Array.isArray(spans)) throw new OtlpError(400, `resourceSpans: expected an array, got ${describeValue(spans)}`);
  return spans;
}

/** the resourceSpans of an OTLP/protobuf body, in the OTLP/JSON shape */
function protobufResourceSpans(body: Buffer): unknown[] {
  let request: Record<string, unknown>;
  try {
    request = decodeTraceRequestProto(body);
  } catch (e) {
    throw new OtlpError(400, `body is not an OTLP/protobuf ExportTraceServiceRequest: ${(e as Error).message}`);
  }
  return (request["resourceSpans"] as unknown[] | undefined) ?? [];
}

/**
 * Decodes an OTLP/HTTP trace export into usage records, one per GenAI model-call span.
 *
 * @throws OtlpError 415 for a content type or encoding other than OTLP's, 400 for a body that
 *   is not a trace export, 413 for one that inflates past `options.maxBytes`
 * @example
 * const { records, rejected, spans } = decodeOtlpTraces(body, req.headers["content-type"], {
 *   contentEncoding: req.headers["content-encoding"],
 * });
 */
// each decoded record's 1-based span position in its export, kept off the record itself
const positions = new WeakMap<UsageRecord, number>();

/** where a decoded record's span sat in its export (1-based), to name it when admission refuses it */
export function spanPosition(record: UsageRecord): number | undefined {
  return positions.get(record);
}

export function decodeOtlpTraces(body: Buffer, contentType: string | undefined, options: OtlpDecodeOptions = {}): OtlpDecoded {
  const encoding = otlpEncoding(contentType);
  const raw = decodeContentEncoding(body, options.contentEncoding, options.maxBytes);
  const resourceSpans = encoding === "json" ? jsonResourceSpans(raw) : protobufResourceSpans(raw);
  const decoded: OtlpDecoded = { records: [], rejected: [], spans: 0 };
  const counter = { spans: 0 };
  // line 0: rejects are numbered by the span's position in the export
  for (const item of resourceSpansItems(resourceSpans, "", 0, counter)) {
    if ("record" in item) {
      // no file and line: it came over http
      const { file: _file, line: _line, ...source } = item.record.source;
      const record = { ...item.record, source };
      decoded.records.push(record);
      positions.set(record, item.record.source.line ?? decoded.records.length);
    } else {
      decoded.rejected.push({ span: item.reject.line, reason: item.reject.reason });
    }
  }
  decoded.spans = counter.spans;
  return decoded;
}

/**
 * The answer to an export that was read, in the request's encoding: an empty
 * `ExportTraceServiceResponse`, or one with `partialSuccess` when spans were rejected (spans
 * skipped for carrying no usage are accepted, not rejected).
 *
 * @example
 * const { body, contentType } = otlpTraceResponse(decoded, otlpEncoding(req.headers["content-type"]));
 * // 200, content-type application/json, body {"partialSuccess":{"rejectedSpans":"2","errorMessage":"2 spans rejected; …"}}
 */
export function otlpTraceResponse(decoded: Pick<OtlpDecoded, "rejected">, encoding: "json" | "protobuf"): { body: Buffer; contentType: string } {
  const { rejected } = decoded;
  const partialSuccess =
    rejected.length === 0
      ? undefined
      : {
          rejectedSpans: rejected.length,
          errorMessage: `${rejected.length} span${rejected.length === 1 ? "" : "s"} rejected; the first: ${rejected[0]?.reason ?? ""}`,
        };
  if (encoding === "protobuf") return { body: encodeTraceResponseProto(partialSuccess), contentType: "application/x-protobuf" };
  // proto3 json writes int64 as a string
  const json = partialSuccess === undefined ? {} : { partialSuccess: { ...partialSuccess, rejectedSpans: String(partialSuccess.rejectedSpans) } };
  return { body: Buffer.from(JSON.stringify(json)), contentType: "application/json" };
}
