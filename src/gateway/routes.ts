/**
 * The gateway's routes: an explicit table, each entry with its API (which upstream serves it) and
 * its meter (how the call becomes an event). A path with no entry is not forwarded: it gets a 404
 * in the provider's error format. An operator may list more paths in the config's `passthrough`;
 * those are forwarded and each call is still an event (a request, unpriced unless the catalog
 * prices its model per request).
 */
import type { Api } from "./upstreams.js";

/**
 * How a route's answer is read:
 * - `chat`, `completions`, `responses`, `embeddings`, `messages`: the provider's usage object;
 * - `images`: images made (and GPT Image's token usage); `transcription`: audio seconds or tokens;
 * - `request`: one request, no usage to read (model lists, batches, files, speech, count_tokens…).
 */
export type Endpoint = "chat" | "responses" | "embeddings" | "completions" | "messages" | "images" | "transcription" | "request";

export interface Route {
  api: Api;
  endpoint: Endpoint;
  /** what the route is, for errors and metrics */
  name: string;
}

interface RouteEntry extends Route {
  method: string;
  /** segments after the root; `*` matches one segment (an id), a last `**` the rest of the path */
  pattern: readonly string[];
}

/** an operator's extra route: `{"api": "openai", "path": "/v1/vector_stores/**", "methods": ["GET", "POST"]}` */
export interface PassthroughRoute {
  api: Api;
  path: string;
  methods?: readonly string[];
}

const entry = (method: string, path: string, api: Api, endpoint: Endpoint): RouteEntry => ({
  method,
  pattern: path.split("/").filter(Boolean),
  api,
  endpoint,
  name: `${method} ${path}`,
});

const OPENAI: RouteEntry[] = [
  entry("POST", "/v1/chat/completions", "openai", "chat"),
  entry("POST", "/v1/completions", "openai", "completions"),
  entry("POST", "/v1/responses", "openai", "responses"),
  entry("POST", "/v1/embeddings", "openai", "embeddings"),
  entry("POST", "/v1/moderations", "openai", "request"),
  entry("POST", "/v1/images/generations", "openai", "images"),
  entry("POST", "/v1/images/edits", "openai", "images"),
  entry("POST", "/v1/images/variations", "openai", "images"),
  entry("POST", "/v1/audio/transcriptions", "openai", "transcription"),
  entry("POST", "/v1/audio/translations", "openai", "transcription"),
  entry("POST", "/v1/audio/speech", "openai", "request"),
  entry("GET", "/v1/models", "openai", "request"),
  entry("GET", "/v1/models/*", "openai", "request"),
  // batches are billed through their results (`tokenomics import openai` reads Batch API output): the calls here are requests
  entry("POST", "/v1/batches", "openai", "request"),
  entry("GET", "/v1/batches", "openai", "request"),
  entry("GET", "/v1/batches/*", "openai", "request"),
  entry("POST", "/v1/batches/*/cancel", "openai", "request"),
  entry("POST", "/v1/files", "openai", "request"),
  entry("GET", "/v1/files", "openai", "request"),
  entry("GET", "/v1/files/*", "openai", "request"),
  entry("GET", "/v1/files/*/content", "openai", "request"),
  entry("DELETE", "/v1/files/*", "openai", "request"),
  entry("POST", "/v1/fine_tuning/jobs", "openai", "request"),
  entry("GET", "/v1/fine_tuning/jobs", "openai", "request"),
  entry("GET", "/v1/fine_tuning/jobs/*", "openai", "request"),
  entry("POST", "/v1/fine_tuning/jobs/*/cancel", "openai", "request"),
];

const ANTHROPIC: RouteEntry[] = [
  entry("POST", "/v1/messages", "anthropic", "messages"),
  entry("POST", "/v1/messages/count_tokens", "anthropic", "request"),
  entry("POST", "/v1/messages/batches", "anthropic", "request"),
  entry("GET", "/v1/messages/batches", "anthropic", "request"),
  entry("GET", "/v1/messages/batches/*", "anthropic", "request"),
  entry("GET", "/v1/messages/batches/*/results", "anthropic", "request"),
  entry("POST", "/v1/messages/batches/*/cancel", "anthropic", "request"),
  entry("DELETE", "/v1/messages/batches/*", "anthropic", "request"),
];

const BUILTIN: readonly RouteEntry[] = [...OPENAI, ...ANTHROPIC];

function matches(pattern: readonly string[], segments: readonly string[]): boolean {
  if (pattern.at(-1) === "**") return segments.length >= pattern.length && pattern.slice(0, -1).every((p, i) => p === "*" || p === segments[i]);
  if (pattern.length !== segments.length) return false;
  return pattern.every((p, i) => p === "*" || p === segments[i]);
}

/** the routes for a config's passthrough list */
export function passthroughRoutes(list: readonly PassthroughRoute[]): readonly RouteEntry[] {
  return list.flatMap((p) =>
    (p.methods ?? ["GET", "POST"]).map((m) => ({ ...entry(m.toUpperCase(), p.path, p.api, "request"), name: `passthrough ${m.toUpperCase()} ${p.path}` })),
  );
}

/**
 * The route a normalised path and method take, if any. HEAD is not forwarded.
 *
 * @example
 * routeOf("POST", ["v1", "chat", "completions"]); // { api: "openai", endpoint: "chat", … }
 * routeOf("POST", ["v1", "assistants"]);          // undefined: refused with 404
 */
export function routeOf(method: string, segments: readonly string[], extra: readonly RouteEntry[] = []): Route | undefined {
  const found =
    BUILTIN.find((r) => r.method === method && matches(r.pattern, segments)) ?? extra.find((r) => r.method === method && matches(r.pattern, segments));
  return found === undefined ? undefined : { api: found.api, endpoint: found.endpoint, name: found.name };
}

/** the API whose error format a refused path should get: Anthropic's for its paths or SDK, else OpenAI's */
export function errorApiOf(segments: readonly string[], anthropicVersion: boolean): Api {
  return segments[1] === "messages" || anthropicVersion ? "anthropic" : "openai";
}
