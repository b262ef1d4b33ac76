export { addMonths, firstDay, monthsBetween, type Month } from "./month.js";
export {
  validatePortfolio,
  portfolioSchema,
  PortfolioError,
  type Portfolio,
  type UseCase,
  type Growth,
  type Spread,
  type Scenario,
  type Route,
} from "./portfolio.js";
export { volumeAt } from "./growth.js";
export { requestCost, type MeanRequest, type RequestCost } from "./request-cost.js";
export { mixCost, mixMean, splitRequests, type RouteShare } from "./routing.js";
export { lognormalMultiplier, quantile } from "./monte-carlo.js";
export { findScenario, termsAt, ScenarioError, SCENARIO_PRESETS, type MonthlyTerms } from "./scenario.js";
export {
  sensitivity,
  SENSITIVITY_PARAMETERS,
  type SensitivityBar,
  type SensitivityOptions,
  type SensitivityParameter,
  type SensitivityResult,
} from "./sensitivity.js";
export { runPlan, growthRatios, hasSpread, type PlanOptions, type PlanResult, type MonthForecast, type UseCaseForecast, type UseCaseMonth } from "./plan.js";
export {
  fitPortfolio,
  markBatch,
  compoundMonthlyGrowth,
  coefficientOfVariation,
  growthStandardError,
  movingSums,
  DAYS_PER_MONTH,
  GROWTH_CLAMP,
  type FitInput,
} from "./fit.js";
export { backtest, backtestWindows, type BacktestInput, type BacktestOptions, type BacktestResult, type BacktestUseCase } from "./backtest.js";
export type { Conditions, DayWindow, InteractionTotalsRow, OutcomeTotalsRow, UsageRow, UsageTotals } from "./ledger-rows.js";
export {
  breakEvenUtilisation,
  commitmentRate,
  costCurve,
  DemandSample,
  effectivePrice,
  newsvendor,
  sizeAt,
  sizeCost,
  unitCapacity,
  unitCostPerMonth,
  weightedTokens,
  HOURS_PER_MONTH,
  MINUTES_PER_MONTH,
  type CommitmentProduct,
  type Newsvendor,
  type SizeCost,
} from "./commit.js";
export { weightedDemand, type WeightedDemand } from "./commit-demand.js";
export { parseRevenueCsv, RevenueCsvError, type RevenueRow } from "./revenue-csv.js";
export { margins, marginOf, inWindow, NO_PLAN, type MarginFlag, type MarginRow, type MarginsResult, type MonthlyCost } from "./margins.js";
export {
  simulatePricing,
  billOf,
  bigQuantile,
  breakEvenAllowance,
  type BreakEven,
  type CustomerMonthUsage,
  type PricedCustomerMonth,
  type PricingPlan,
  type PricingResult,
} from "./pricing-plan.js";
export { PlanInputError, flagName, snakeCase, type FieldName, type RawTerm } from "./reports/input.js";
export {
  commitReport,
  commitRequest,
  commitCurveRow,
  commitMoney,
  commitShare,
  type CommitCurveRow,
  type CommitReport,
  type CommitRequest,
  type CommitTerms,
} from "./reports/commit-report.js";
export {
  sensitivityJson,
  sensitivityReport,
  sensitivityRequest,
  type SensitivityReport,
  type SensitivityRequest,
  type SensitivityTerms,
} from "./reports/sensitivity-report.js";
export { customerMonthUsages, pricingFromRows, pricingJson, pricingPlan, type PricingReport, type PricingTerms } from "./reports/pricing-report.js";
export { marginsFromRows, marginsJson, type MarginsReport } from "./reports/margins-report.js";
export { planJson, type PlanJson } from "./reports/plan-json.js";
export { backtestDays, backtestJson, type BacktestReport, type BacktestTerms } from "./reports/backtest-report.js";
export {
  costPerSuccess,
  successRate,
  outcomeCosts,
  outcomeReportJson,
  successesByCustomer,
  type OutcomeCostRow,
  type OutcomeReport,
  type OutcomeReportRow,
} from "./outcomes.js";
