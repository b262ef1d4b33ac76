/** a catalog that cannot be used, with where: file, entry (model id) and field path */
export class CatalogError extends Error {
  readonly detail: string;
  readonly file: string | undefined;
  readonly entry: string | undefined;
  readonly field: string | undefined;

  constructor(detail: string, where: { file?: string | undefined; entry?: string | undefined; field?: string | undefined } = {}) {
    const prefix = [where.file, where.entry && `entry "${where.entry}"`].filter(Boolean).join(": ");
    super(prefix ? `${prefix}: ${detail}` : detail);
    this.name = "CatalogError";
    this.detail = detail;
    this.file = where.file;
    this.entry = where.entry;
    this.field = where.field;
  }

  /** the same error, located in a file */
  inFile(file: string): CatalogError {
    return new CatalogError(this.detail, { file, entry: this.entry, field: this.field });
  }
}
