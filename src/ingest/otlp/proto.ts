/**
 * OTLP/protobuf trace exports → the OTLP/JSON shape that `./otel.ts` reads.
 *
 * The schema is `opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest` and the
 * messages under it, field numbers and types as opentelemetry-proto v1 defines them
 * (collector/trace/v1, trace/v1, resource/v1, common/v1); protobufjs decodes the wire format
 * and skips fields it does not know (newer additions such as `Resource.entity_refs`). The
 * decoded message is written the way the OTLP/JSON encoding writes it: lowerCamelCase keys,
 * trace and span ids as lowercase hex, other bytes as base64, 64-bit integers as decimal
 * strings, enums as numbers, unset fields left out. The answer, `ExportTraceServiceResponse`,
 * is encoded here too.
 */
import protobuf, { type Type } from "protobufjs";

const SCHEMA = `
syntax = "proto3";
package opentelemetry.proto;

message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
message ExportTraceServiceResponse { ExportTracePartialSuccess partial_success = 1; }
message ExportTracePartialSuccess { int64 rejected_spans = 1; string error_message = 2; }

message ResourceSpans {
  Resource resource = 1;
  repeated ScopeSpans scope_spans = 2;
  string schema_url = 3;
  // before OTLP 1.0 (reserved since)
  repeated InstrumentationLibrarySpans instrumentation_library_spans = 1000;
}
message ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; string schema_url = 3; }
message InstrumentationLibrarySpans {
  InstrumentationLibrary instrumentation_library = 1; repeated Span spans = 2; string schema_url = 3;
}
message InstrumentationLibrary { string name = 1; string version = 2; }

message Span {
  bytes trace_id = 1;
  bytes span_id = 2;
  string trace_state = 3;
  bytes parent_span_id = 4;
  fixed32 flags = 16;
  string name = 5;
  enum SpanKind {
    SPAN_KIND_UNSPECIFIED = 0; SPAN_KIND_INTERNAL = 1; SPAN_KIND_SERVER = 2;
    SPAN_KIND_CLIENT = 3; SPAN_KIND_PRODUCER = 4; SPAN_KIND_CONSUMER = 5;
  }
  SpanKind kind = 6;
  fixed64 start_time_unix_nano = 7;
  fixed64 end_time_unix_nano = 8;
  repeated KeyValue attributes = 9;
  uint32 dropped_attributes_count = 10;
  message Event {
    fixed64 time_unix_nano = 1; string name = 2; repeated KeyValue attributes = 3; uint32 dropped_attributes_count = 4;
  }
  repeated Event events = 11;
  uint32 dropped_events_count = 12;
  message Link {
    bytes trace_id = 1; bytes span_id = 2; string trace_state = 3;
    repeated KeyValue attributes = 4; uint32 dropped_attributes_count = 5; fixed32 flags = 6;
  }
  repeated Link links = 13;
  uint32 dropped_links_count = 14;
  Status status = 15;
}
message Status {
  string message = 2;
  enum StatusCode { STATUS_CODE_UNSET = 0; STATUS_CODE_OK = 1; STATUS_CODE_ERROR = 2; }
  StatusCode code = 3;
}

message Resource { repeated KeyValue attributes = 1; uint32 dropped_attributes_count = 2; }
message InstrumentationScope {
  string name = 1; string version = 2; repeated KeyValue attributes = 3; uint32 dropped_attributes_count = 4;
}
message AnyValue {
  oneof value {
    string string_value = 1;
    bool bool_value = 2;
    int64 int_value = 3;
    double double_value = 4;
    ArrayValue array_value = 5;
    KeyValueList kvlist_value = 6;
    bytes bytes_value = 7;
  }
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
message KeyValue { string key = 1; AnyValue value = 2; }
`;

/** OTLP/JSON writes these bytes fields as hex; every other bytes field as base64 */
const HEX_FIELDS = new Set(["traceId", "spanId", "parentSpanId"]);

let types: { request: Type; response: Type } | undefined;

/** the schema's message types, parsed once, on first use */
function otlpTypes(): { request: Type; response: Type } {
  if (types === undefined) {
    const root = protobuf.parse(SCHEMA).root;
    types = {
      request: root.lookupType("opentelemetry.proto.ExportTraceServiceRequest"),
      response: root.lookupType("opentelemetry.proto.ExportTraceServiceResponse"),
    };
  }
  return types;
}

/**
 * The `ExportTraceServiceRequest` message type, for decoding and, in tests, encoding.
 *
 * @example
 * const type = exportTraceRequestType();
 * const bytes = type.encode(type.fromObject(message)).finish();
 */
export function exportTraceRequestType(): Type {
  return otlpTypes().request;
}

/**
 * An `ExportTraceServiceResponse` in OTLP/protobuf: empty for a full success, else with its
 * `partial_success`.
 *
 * @example
 * encodeTraceResponseProto({ rejectedSpans: 2, errorMessage: "span 1a…: traceId: …" });
 */
export function encodeTraceResponseProto(partialSuccess?: { rejectedSpans: number; errorMessage: string }): Buffer {
  const { response } = otlpTypes();
  return Buffer.from(response.encode(response.fromObject(partialSuccess === undefined ? {} : { partialSuccess })).finish());
}

/** a decoded value → its OTLP/JSON form (longs and enums are already converted by toObject) */
function jsonShape(value: unknown, key: string): unknown {
  if (value instanceof Uint8Array) {
    const bytes = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    return bytes.toString(HEX_FIELDS.has(key) ? "hex" : "base64");
  }
  if (Array.isArray(value)) return value.map((item) => jsonShape(item, key));
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = jsonShape(v, k);
    return out;
  }
  return value;
}

/**
 * Decodes an OTLP/protobuf `ExportTraceServiceRequest` into its OTLP/JSON object.
 *
 * @throws Error (protobufjs's) when the bytes are not a valid message of that type
 * @example
 * decodeTraceRequestProto(body); // => { resourceSpans: [{ resource: …, scopeSpans: [{ spans: [{ traceId: "4bf9…", … }] }] }] }
 */
export function decodeTraceRequestProto(body: Uint8Array): Record<string, unknown> {
  const type = exportTraceRequestType();
  const message = type.decode(body);
  const object = type.toObject(message, { longs: String, enums: Number, defaults: false });
  return jsonShape(object, "") as Record<string, unknown>;
}
