/** figures as the benchmark page writes them */
export const n = (x: number, digits = 0): string => x.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
export const pass = (ok: boolean): string => (ok ? "✅ met" : "❌ missed");
