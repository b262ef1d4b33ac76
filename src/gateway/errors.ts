/**
 * Errors in the served API's own format, so a client's SDK raises its usual error types: OpenAI
 * `{"error": {"message", "type", "param", "code"}}`, Anthropic `{"type": "error", "error": {"type", "message"}}`.
 */
import type { Api } from "./upstreams.js";

export type ErrorKind = "authentication" | "invalid_request" | "too_large" | "not_found" | "upstream" | "permission" | "timeout";

const OPENAI: Record<ErrorKind, { type: string; code: string | null }> = {
  authentication: { type: "invalid_request_error", code: "invalid_api_key" },
  invalid_request: { type: "invalid_request_error", code: null },
  too_large: { type: "invalid_request_error", code: "request_too_large" },
  not_found: { type: "invalid_request_error", code: "not_found" },
  upstream: { type: "server_error", code: "upstream_error" },
  permission: { type: "invalid_request_error", code: "permission_denied" },
  timeout: { type: "server_error", code: "timeout" },
};

const ANTHROPIC: Record<ErrorKind, string> = {
  authentication: "authentication_error",
  invalid_request: "invalid_request_error",
  too_large: "request_too_large",
  not_found: "not_found_error",
  upstream: "api_error",
  permission: "permission_error",
  timeout: "timeout_error",
};

/**
 * @example
 * apiError("anthropic", "authentication", "invalid API key");
 * // { type: "error", error: { type: "authentication_error", message: "invalid API key" } }
 */
export function apiError(api: Api, kind: ErrorKind, message: string): unknown {
  if (api === "anthropic") return { type: "error", error: { type: ANTHROPIC[kind], message } };
  const { type, code } = OPENAI[kind];
  return { error: { message, type, param: null, code } };
}

/**
 * The same error as one server-sent event, for a stream whose headers are already out: OpenAI
 * streams put `{"error": …}` in a data line, Anthropic sends an `error` event.
 *
 * @example
 * streamError("anthropic", "timeout", "no chunk for 120 s"); // 'event: error\ndata: {"type":"error",…}\n\n'
 */
export function streamError(api: Api, kind: ErrorKind, message: string): string {
  const data = JSON.stringify(apiError(api, kind, message));
  return api === "anthropic" ? `event: error\ndata: ${data}\n\n` : `data: ${data}\n\n`;
}

/** a governance refusal (src/governance: budget, policy, rate limit, unpriced model) with its own fields */
export interface GovernedRefusal {
  code: string;
  status: number;
  message: string;
  [field: string]: unknown;
}

/**
 * A governance refusal in the served API's format, its `type` and `code` the refusal's code and
 * every field of the refusal beside the message, on every route alike:
 *
 * @example
 * governedError("openai", { code: "budget_exceeded", status: 429, message: "…", budget: "team-search" });
 * // { error: { type: "budget_exceeded", code: "budget_exceeded", param: null, message: "…", budget: "team-search" } }
 */
export function governedError(api: Api, refusal: GovernedRefusal): unknown {
  const { code, status: _status, message, retry_after_s: _retry, ...fields } = refusal;
  if (api === "anthropic") return { type: "error", error: { type: code, message, ...fields } };
  return { error: { type: code, code, param: null, message, ...fields } };
}
