import { anthropicImporter } from "./anthropic.js";
import { anthropicUsageImporter } from "./anthropic-usage.js";
import { claudeCodeImporter } from "./claude-code.js";
import type { Importer } from "./importer.js";
import { litellmImporter } from "./litellm.js";
import { csvImporter, jsonlImporter } from "./mapped.js";
import { openaiImporter } from "./openai.js";
import { openaiUsageImporter } from "./openai-usage.js";
import { otelImporter } from "./otel.js";

export type { Importer, ImportItem, ImportOptions, Reject } from "./importer.js";
export { expandPaths, ingest, runImport, type ImportSummary, type RunImportOptions } from "./pipeline.js";

/** every importer, by the source name `tokenomics import <source>` takes */
export const IMPORTERS: readonly Importer[] = [
  claudeCodeImporter,
  openaiImporter,
  anthropicImporter,
  openaiUsageImporter,
  anthropicUsageImporter,
  litellmImporter,
  otelImporter,
  csvImporter,
  jsonlImporter,
];

export function importerNamed(name: string): Importer | undefined {
  return IMPORTERS.find((i) => i.name === name);
}
