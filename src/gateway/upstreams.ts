/**
 * Where the gateway sends calls: upstream providers, from the conventional environment variables
 * plus a config file, and the model-name routes between them.
 *
 *     {"upstreams": [{"name": "gemini", "api": "openai",
 *       "base_url": "https://generativelanguage.googleapis.com/v1beta/openai",
 *       "api_key_env": "GEMINI_API_KEY", "models": ["gemini-*"]}]}
 *
 * A call goes to the first upstream of its API whose `models` match the requested model, else to
 * that API's default (`openai` / `anthropic`, from OPENAI_BASE_URL / ANTHROPIC_BASE_URL).
 */
import { z } from "zod";

/** the wire format an upstream speaks */
export type Api = "openai" | "anthropic";

export interface Upstream {
  name: string;
  api: Api;
  /** e.g. https://api.openai.com/v1 (OpenAI-style: paths after /v1 are appended) or https://api.anthropic.com */
  baseUrl: URL;
  /** the provider key the gateway sends; never leaves the server */
  apiKey: string | undefined;
  /** model-name patterns (`*` matches anything) routed here; empty: the API's default */
  models: readonly RegExp[];
  /** Azure OpenAI: the key goes in `api-key`, not `Authorization` */
  keyHeader?: "authorization" | "x-api-key" | "api-key";
}

const upstreamSchema = z
  .object({
    name: z.string().min(1),
    api: z.enum(["openai", "anthropic"]),
    base_url: z.string().url(),
    api_key_env: z.string().min(1).optional(),
    key_header: z.enum(["authorization", "x-api-key", "api-key"]).optional(),
    models: z.array(z.string().min(1)).default([]),
  })
  .strict();

/** a route the operator forwards beyond the built-in table; each call is still an event */
const passthroughSchema = z
  .object({
    api: z.enum(["openai", "anthropic"]),
    path: z.string().regex(/^\/v1(\/[A-Za-z0-9_.*-]+)+$/, "a path like /v1/vector_stores/** (`*` one segment, a last `**` the rest)"),
    methods: z
      .array(z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]))
      .min(1)
      .optional(),
  })
  .strict();

export const gatewayFileSchema = z
  .object({ upstreams: z.array(upstreamSchema).default([]), passthrough: z.array(passthroughSchema).default([]) })
  .passthrough();

function pattern(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${escaped}$`, "i");
}

/**
 * The upstreams: the config file's, then the two defaults from the environment.
 *
 * @example
 * upstreamsFrom({ OPENAI_API_KEY: "sk-…" }, undefined); // [openai → https://api.openai.com/v1, anthropic → …]
 */
export function upstreamsFrom(env: NodeJS.ProcessEnv, file: z.infer<typeof gatewayFileSchema> | undefined): Upstream[] {
  const configured = (file?.upstreams ?? []).map(
    (u): Upstream => ({
      name: u.name,
      api: u.api,
      baseUrl: new URL(u.base_url),
      apiKey: u.api_key_env ? env[u.api_key_env] : undefined,
      models: u.models.map(pattern),
      ...(u.key_header ? { keyHeader: u.key_header } : {}),
    }),
  );
  const defaults: Upstream[] = [
    { name: "openai", api: "openai", baseUrl: new URL(env.OPENAI_BASE_URL || "https://api.openai.com/v1"), apiKey: env.OPENAI_API_KEY, models: [] },
    { name: "anthropic", api: "anthropic", baseUrl: new URL(env.ANTHROPIC_BASE_URL || "https://api.anthropic.com"), apiKey: env.ANTHROPIC_API_KEY, models: [] },
  ];
  return [...configured, ...defaults.filter((d) => !configured.some((c) => c.name === d.name))];
}

/** the upstream for a call of `api` asking for `model` */
export function routeFor(upstreams: readonly Upstream[], api: Api, model: string | undefined): Upstream {
  if (model !== undefined) {
    const routed = upstreams.find((u) => u.api === api && u.models.some((m) => m.test(model)));
    if (routed) return routed;
  }
  const fallback = upstreams.find((u) => u.api === api && u.models.length === 0);
  if (!fallback) throw new Error(`no upstream for the ${api} API`);
  return fallback;
}

/**
 * The upstream URL for a gateway path: OpenAI-style bases end in their version (`…/v1`), so the
 * gateway's `/v1` is replaced by the base's path; Anthropic-style bases are the host alone.
 *
 * @example
 * upstreamUrl(openai, "/v1/chat/completions?x=1"); // https://api.openai.com/v1/chat/completions?x=1
 */
export function upstreamUrl(upstream: Upstream, path: string): URL {
  const base = upstream.baseUrl;
  const basePath = base.pathname.replace(/\/$/, "");
  const rest = upstream.api === "openai" ? path.replace(/^\/v1(?=\/|$|\?)/, "") : path;
  return new URL(`${base.protocol}//${base.host}${basePath}${rest}`);
}
