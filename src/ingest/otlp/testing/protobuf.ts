/** Test support: OTLP/JSON exports encoded as OTLP/protobuf request bodies. Not shipped. */
import { exportTraceRequestType } from "../proto.js";

/** an OTLP/JSON object → protobufjs input: OTLP/JSON ids are hex, protobufjs reads strings as base64 */
function protoInput(value: unknown, key = ""): unknown {
  if (typeof value === "string" && ["traceId", "spanId", "parentSpanId"].includes(key)) return Buffer.from(value, "hex");
  if (Array.isArray(value)) return value.map((v) => protoInput(v, key));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, protoInput(v, k)]));
  }
  return value;
}

/** the OTLP/protobuf encoding of an OTLP/JSON export, by the same library the decoder uses (for tests) */
export function protobufBody(doc: unknown): Buffer {
  const type = exportTraceRequestType();
  return Buffer.from(type.encode(type.fromObject(protoInput(doc) as Record<string, unknown>)).finish());
}
