import type { CatalogFile } from "../catalog-schema.js";
import { Catalog } from "../catalog.js";
import { catalog as amazon } from "./amazon.js";
import { catalog as anthropic } from "./anthropic.js";
import { catalog as cohere } from "./cohere.js";
import { catalog as deepseek } from "./deepseek.js";
import { catalog as google } from "./google.js";
import { catalog as metaLlama } from "./meta-llama.js";
import { catalog as mistral } from "./mistral.js";
import { catalog as openai } from "./openai.js";
import { catalog as xai } from "./xai.js";

/**
 * The built-in catalog, authored from the providers' published pricing pages (each price
 * version names its source and retrieval date). Users layer their own files on top.
 */
export const builtinCatalogFiles: readonly CatalogFile[] = [openai, anthropic, google, mistral, deepseek, xai, cohere, amazon, metaLlama];

let cached: Catalog | undefined;

/** the built-in catalog, built once */
export function builtinCatalog(): Catalog {
  return (cached ??= Catalog.from(...builtinCatalogFiles));
}
