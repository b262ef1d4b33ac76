/**
 * Governance: budgets, policies, admission and alerts as pure functions and one state
 * interface; the gateway and server apply them (see issue 13).
 */
export * from "./budget.js";
export * from "./budget-state.js";
export * from "./max-cost.js";
export * from "./decide.js";
export * from "./policy.js";
export * from "./rules-file.js";
export * from "./canonical.js";
export * from "./key-coverage.js";
export * from "./projection.js";
export * from "./alerts.js";
export * from "./anomaly.js";
export { USD_SCALE, unitsToUsd, usdToUnits } from "./units.js";
