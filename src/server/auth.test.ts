import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bearerToken, sameSecret } from "./auth.js";

describe("sameSecret", () => {
  it("is true only for the same secret, whatever the lengths", () => {
    assert.equal(sameSecret("s3cret", "s3cret"), true);
    assert.equal(sameSecret("s3cre", "s3cret"), false);
    assert.equal(sameSecret("s3cret-and-more", "s3cret"), false);
    assert.equal(sameSecret("", "s3cret"), false);
    assert.equal(sameSecret("café", "café"), true);
  });

  it("is false when there is no secret to match", () => {
    assert.equal(sameSecret("", undefined), false);
    assert.equal(sameSecret("", ""), false);
  });
});

describe("bearerToken", () => {
  it("reads a bearer token and nothing else", () => {
    assert.equal(bearerToken("Bearer tk-abc"), "tk-abc");
    assert.equal(bearerToken("bearer  tk-abc "), "tk-abc");
    assert.equal(bearerToken("Basic dXNlcjpwYXNz"), undefined);
    assert.equal(bearerToken("Bearer "), undefined);
    assert.equal(bearerToken(undefined), undefined);
  });
});
