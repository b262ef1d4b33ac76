export { addMonths, firstDay, monthsBetween, type Month } from "./month.js";
export { validatePortfolio, portfolioSchema, PortfolioError, type Portfolio, type UseCase, type Growth, type Spread, type Scenario } from "./portfolio.js";
export { volumeAt } from "./growth.js";
export { requestCost, type MeanRequest, type RequestCost } from "./request-cost.js";
export { lognormalMultiplier, quantile, seededRandom } from "./monte-carlo.js";
export { findScenario, termsAt, ScenarioError, type MonthlyTerms } from "./scenario.js";
export { runPlan, type PlanOptions, type PlanResult, type MonthForecast, type UseCaseForecast, type UseCaseMonth } from "./plan.js";
