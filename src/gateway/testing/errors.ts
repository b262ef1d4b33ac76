import type { OutgoingHttpHeaders } from "node:http";
import { sendJson, type SimCall, type SimErrorKind } from "./wire.js";

/** the retry-after every simulated 429 carries, in seconds */
export const RETRY_AFTER_S = 2;

const OPENAI: Record<SimErrorKind, { status: number; type: string; code: string | null; message: string }> = {
  authentication: {
    status: 401,
    type: "invalid_request_error",
    code: "invalid_api_key",
    message: "Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.",
  },
  "rate-limit": {
    status: 429,
    type: "requests",
    code: "rate_limit_exceeded",
    message: `Rate limit reached for requests per min (RPM): Limit 500, Used 500, Requested 1. Please try again in ${RETRY_AFTER_S}s.`,
  },
  server: {
    status: 500,
    type: "server_error",
    code: null,
    message: "The server had an error while processing your request. Sorry about that!",
  },
  "bad-request": { status: 400, type: "invalid_request_error", code: null, message: "Simulated bad request." },
  "not-found": { status: 404, type: "invalid_request_error", code: null, message: "Invalid URL" },
};

const ANTHROPIC: Record<SimErrorKind, { status: number; type: string; message: string }> = {
  authentication: { status: 401, type: "authentication_error", message: "invalid x-api-key" },
  "rate-limit": {
    status: 429,
    type: "rate_limit_error",
    message: "This request would exceed the rate limit for your organization of 50 requests per minute.",
  },
  server: { status: 529, type: "overloaded_error", message: "Overloaded" },
  "bad-request": { status: 400, type: "invalid_request_error", message: "Simulated bad request." },
  "not-found": { status: 404, type: "not_found_error", message: "Not Found" },
};

function retryHeaders(kind: SimErrorKind, extra: OutgoingHttpHeaders): OutgoingHttpHeaders {
  return kind === "rate-limit" ? { ...extra, "retry-after": String(RETRY_AFTER_S) } : extra;
}

/**
 * OpenAI's error: `{"error":{"message","type","param","code"}}`, with `x-request-id`.
 * @example failOpenAI(call, "rate-limit") // 429, retry-after: 2, code rate_limit_exceeded
 */
export function failOpenAI(call: SimCall, kind: SimErrorKind, message?: string, param?: string): void {
  const e = OPENAI[kind];
  const headers = retryHeaders(kind, { "x-request-id": `req_${call.id}` });
  if (kind === "rate-limit") {
    headers["x-ratelimit-limit-requests"] = "500";
    headers["x-ratelimit-remaining-requests"] = "0";
    headers["x-ratelimit-reset-requests"] = `${RETRY_AFTER_S}s`;
  }
  const text = message ?? (kind === "not-found" ? `Invalid URL (${call.method} ${call.path})` : e.message);
  sendJson(call, e.status, headers, { error: { message: text, type: e.type, param: param ?? null, code: e.code } });
}

/**
 * Anthropic's error: `{"type":"error","error":{"type","message"},"request_id"}`, with `request-id`.
 * @example failAnthropic(call, "server") // 529 overloaded_error
 */
export function failAnthropic(call: SimCall, kind: SimErrorKind, message?: string): void {
  const e = ANTHROPIC[kind];
  const requestId = `req_${call.id}`;
  const body = { type: "error", error: { type: e.type, message: message ?? e.message }, request_id: requestId };
  sendJson(call, e.status, retryHeaders(kind, { "request-id": requestId }), body);
}

/** Anthropic's error type for a status, as its API documents them */
const ANTHROPIC_BY_STATUS: Readonly<Record<number, string>> = {
  400: "invalid_request_error",
  401: "authentication_error",
  402: "billing_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  500: "api_error",
  504: "timeout_error",
  529: "overloaded_error",
};

/**
 * OpenAI's error body with any status (`x-sim-status`): server_error from 500, else invalid_request_error.
 * @example failOpenAIStatus(call, 503) // 503 {"error":{"type":"server_error",…}}
 */
export function failOpenAIStatus(call: SimCall, status: number): void {
  const type = status === 429 ? "requests" : status >= 500 ? "server_error" : "invalid_request_error";
  const body = { error: { message: `Simulated status ${status}.`, type, param: null, code: null } };
  sendJson(call, status, { "x-request-id": `req_${call.id}` }, body);
}

/**
 * Anthropic's error body with any status (`x-sim-status`), its type by the table above.
 * @example failAnthropicStatus(call, 504) // 504 {"type":"error","error":{"type":"timeout_error",…}}
 */
export function failAnthropicStatus(call: SimCall, status: number): void {
  const type = ANTHROPIC_BY_STATUS[status] ?? (status >= 500 ? "api_error" : "invalid_request_error");
  const requestId = `req_${call.id}`;
  const body = { type: "error", error: { type, message: `Simulated status ${status}.` }, request_id: requestId };
  sendJson(call, status, { "request-id": requestId }, body);
}
