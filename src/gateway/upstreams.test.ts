import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { gatewayFileSchema, routeFor, upstreamsFrom, upstreamUrl } from "./upstreams.js";

describe("upstreams", () => {
  const file = gatewayFileSchema.parse({
    upstreams: [
      {
        name: "gemini",
        api: "openai",
        base_url: "https://generativelanguage.googleapis.com/v1beta/openai",
        api_key_env: "GEMINI_API_KEY",
        models: ["gemini-*"],
      },
      {
        name: "azure",
        api: "openai",
        base_url: "https://acme.openai.azure.com/openai/v1",
        api_key_env: "AZURE_KEY",
        key_header: "api-key",
        models: ["gpt-4o-azure"],
      },
    ],
  });
  const ups = upstreamsFrom({ OPENAI_API_KEY: "sk-o", GEMINI_API_KEY: "g-key", AZURE_KEY: "az" }, file);

  it("routes by model name, and everything else to the API's default", () => {
    assert.equal(routeFor(ups, "openai", "gemini-2.5-pro").name, "gemini");
    assert.equal(routeFor(ups, "openai", "GEMINI-2.5-flash").name, "gemini");
    assert.equal(routeFor(ups, "openai", "gpt-4o-azure").name, "azure");
    assert.equal(routeFor(ups, "openai", "gpt-4o").name, "openai");
    assert.equal(routeFor(ups, "openai", undefined).name, "openai");
    assert.equal(routeFor(ups, "anthropic", "gemini-2.5-pro").name, "anthropic", "routes are per API");
  });

  it("reads keys from the variables named, and defaults from the conventional ones", () => {
    assert.equal(routeFor(ups, "openai", "gemini-pro").apiKey, "g-key");
    assert.equal(routeFor(ups, "openai", "gpt-4o").baseUrl.href, "https://api.openai.com/v1");
    assert.equal(routeFor(ups, "anthropic", "claude").baseUrl.href, "https://api.anthropic.com/");
    assert.equal(routeFor(ups, "anthropic", "claude").apiKey, undefined);
    assert.equal(routeFor(ups, "openai", "gpt-4o-azure").keyHeader, "api-key");
  });

  it("joins the gateway path onto the upstream's base: OpenAI bases carry their version", () => {
    assert.equal(upstreamUrl(routeFor(ups, "openai", "gpt-4o"), "/v1/chat/completions").href, "https://api.openai.com/v1/chat/completions");
    assert.equal(
      upstreamUrl(routeFor(ups, "openai", "gemini-pro"), "/v1/chat/completions?x=1").href,
      "https://generativelanguage.googleapis.com/v1beta/openai/chat/completions?x=1",
    );
    assert.equal(upstreamUrl(routeFor(ups, "anthropic", "claude"), "/v1/messages").href, "https://api.anthropic.com/v1/messages");
  });

  it("refuses a config with a wrong field, naming it", () => {
    const r = gatewayFileSchema.safeParse({ upstreams: [{ name: "x", api: "openai", base_url: "not a url" }] });
    assert.equal(r.success, false);
    assert.deepEqual(r.success ? [] : r.error.issues[0]!.path, ["upstreams", 0, "base_url"]);
  });
});
