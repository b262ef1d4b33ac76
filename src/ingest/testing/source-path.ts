/** where fixture files live for tests that run from dist/ (this file is dist/src/ingest/testing/source-path.js) */
export function sourcePath(relativeToSrc: string): string {
  return new URL(`../../../../src/${relativeToSrc}`, import.meta.url).pathname;
}
