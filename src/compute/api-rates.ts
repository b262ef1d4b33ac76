import { type Catalog, today } from "../pricing/catalog.js";
import { priceWith } from "../pricing/price.js";
import { InputError } from "../shared/input-error.js";
import { usage } from "../usage/usage.js";
import { D, money } from "./money.js";

export interface ApiRates {
  /** the catalog's model id */
  model: string;
  provider: string;
  /** USD per million uncached input tokens */
  input: string;
  /** USD per million output tokens */
  output: string;
}

/**
 * An API model's standard input and output rates from the catalog, at `at` (a short call's tier:
 * long-context surcharges do not apply), else an InputError naming `flag`.
 * @example apiRates(catalog, "gpt-4o", "--against") // { input: "2.5", output: "10", … }
 */
export function apiRates(catalog: Catalog, model: string, flag: string, at: string = today()): ApiRates {
  const r = priceWith(catalog, usage({ input: 1, output: 1 }), model, at);
  if (!r.priced) throw new InputError(`${flag}: ${r.reason}${r.candidates.length ? ` (did you mean ${r.candidates.join(", ")}?)` : ""}`);
  const rates = r.appliedRates;
  if (rates.input === undefined || rates.output === undefined) throw new InputError(`${flag}: ${r.model.id} has no input and output token prices`);
  return { model: r.model.id, provider: r.model.provider, input: rates.input, output: rates.output };
}

/**
 * The API's price of a million tokens of which `inputShare` are input: S × input + (1 − S) × output.
 * @example blendedRate({ input: "2.5", output: "10" }, "0.75") // 1.875 + 2.5 = "4.375"
 */
export function blendedRate(rates: Pick<ApiRates, "input" | "output">, inputShare: string): string {
  const s = new D(inputShare);
  return money(s.times(rates.input).plus(new D(1).minus(s).times(rates.output)));
}
