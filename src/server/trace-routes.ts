/**
 * OTLP/HTTP trace intake (`POST /v1/traces`): spans decoded into usage records and handed to the
 * recorder, each bound to the posting key's scope; the answer is OTLP's, in the request's encoding.
 */
import { Hono } from "hono";
import type { ApiDeps } from "./api-deps.js";
import { ApiError } from "./api-error.js";
import { limitedBody } from "./body.js";
import { decodeOtlpTraces, OtlpError, otlpEncoding, otlpTraceResponse, spanPosition, type OtlpDecoded } from "../ingest/otlp/http-body.js";
import type { RouteHelpers } from "./route-helpers.js";
import { boundRecord } from "../ingest/key-scope.js";
import { RecordRejected } from "../ingest/admit.js";

/** `POST /v1/traces` */
export function traceRoutes(deps: ApiDeps, h: RouteHelpers): Hono {
  const app = new Hono();
  app.post("/v1/traces", async (c) => {
    const caller = h.caller(c);
    const body = await limitedBody(c.req.raw, deps.maxBodyBytes);
    let result: OtlpDecoded;
    try {
      result = decodeOtlpTraces(body, c.req.header("content-type"), { contentEncoding: c.req.header("content-encoding") });
    } catch (e) {
      if (e instanceof OtlpError) throw new ApiError(e.status, "invalid_request_error", e.message);
      throw e;
    }
    // a key's scope binds every span it posts (src/ingest/key-scope.ts)
    // a span that admission refuses (an impossible cost, a bad timestamp) is refused alone, as OTLP's partial success
    for (const r of result.records) {
      try {
        deps.record(boundRecord(r, caller.admin ? undefined : caller.key));
      } catch (e) {
        if (!(e instanceof RecordRejected)) throw e;
        result.rejected.push({ span: spanPosition(r) ?? 0, reason: e.reason });
      }
    }
    // OTLP/HTTP's answer, in the request's encoding: partial success names what was refused
    const answer = otlpTraceResponse(result, otlpEncoding(c.req.header("content-type")));
    return c.body(new Uint8Array(answer.body), 200, { "content-type": answer.contentType });
  });
  return app;
}
