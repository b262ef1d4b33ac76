export * from "./catalog-schema.js";
export { Catalog, today, type Resolution } from "./catalog.js";
export { CatalogError } from "./catalog-error.js";
export { parseCatalog, validateCatalog, type ParsedCatalog } from "./catalog-file.js";
export { importLiteLLM, isLiteLLMFormat, type LiteLLMImport, type LiteLLMOptions } from "./litellm.js";
export { formatScaled, type Scaled } from "./money.js";
export { nameCandidates, type ResolvedVia } from "./names.js";
export { priceWith, PricedCall, type PriceOptions, type PriceOutcome, type UnpricedCall } from "./price.js";
export { builtinCatalog, builtinCatalogFiles } from "./builtin/index.js";
