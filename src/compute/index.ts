/**
 * Compute economics: what a token costs to make. Pure: cards and requests in, reports out.
 */
export { apiRates, blendedRate, type ApiRates } from "./api-rates.js";
export { breakeven, type BreakevenPoint, type BreakevenReport } from "./breakeven.js";
export { CALIBRATION_COLUMNS, CALIBRATION_ROWS, type CalibrationRow } from "./calibration-rows.js";
export { calibrationReport, matchCalibration, type CalibrationCheck, type CalibrationReport } from "./calibration.js";
export { CardSet } from "./card-set.js";
export { BYTES_PER_VALUE, PRECISIONS, type GpuCard, type ModelCard, type Precision } from "./cards.js";
export { validateCards, type UserCards } from "./cards-schema.js";
export { computeCost, type CostReport } from "./cost.js";
export { costPlus, PRICE_BATCHES, type PriceReport, type PriceRow } from "./cost-plus.js";
export type { Deployment, Workload } from "./deployment.js";
export { flopsPerToken, kvBytesPerToken, maxBatch, weightBytes, weightBytesReadPerStep } from "./formulas.js";
export { HOURS_PER_MONTH, MONEY_DP, usdPerMillion } from "./money.js";
export { cliName, Params, queryName, type Namer, type RawParams } from "./params.js";
export { DEFAULTS, readRequest, type ComputeRequest } from "./request.js";
export { computeBoundBatch, decodeStep, prefill, workloadThroughput } from "./roofline.js";
export { priceRequest, type PriceRequest } from "./price-request.js";
