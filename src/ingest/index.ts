/**
 * The importers by source name (`tokenomics import <source>`), and the ingest API the rest of
 * the product uses: the contract, the pipeline and the admission step.
 */
import { anthropicImporter } from "./response-bodies/anthropic.js";
import { anthropicUsageImporter } from "./provider-reports/anthropic-usage.js";
import { claudeCodeImporter } from "./claude-code/importer.js";
import type { Importer } from "./importer.js";
import { litellmImporter } from "./provider-reports/litellm-spend-logs.js";
import { csvImporter, jsonlImporter } from "./mapped/importers.js";
import { openaiImporter } from "./response-bodies/openai.js";
import { openaiUsageImporter } from "./provider-reports/openai-usage.js";
import { otelImporter } from "./otlp/otel.js";

export type { Importer, ImportItem, ImportOptions, ImportSummary, Reject, RunImportOptions } from "./importer.js";
export { expandPaths, ingest, runImport } from "./pipeline.js";
export { admitRecord, admittedEvent, RecordRejected, type Admission, type AdmitOptions } from "./admit.js";

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
