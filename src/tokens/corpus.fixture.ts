/**
 * A deterministic, varied test corpus for comparing token counts with tiktoken.
 *
 * Test-only. Characters come from fixed lists, never random code points: code points newer
 * than tiktoken's Unicode tables tokenise differently by design (see encodings.ts).
 */

/** a small seeded PRNG (xorshift32) so every run sees the same strings */
export function prng(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

export const PROSE = [
  "The quick brown fox jumps over the lazy dog. It's what they'd've wanted, isn't it?",
  "Tokenomics meters every LLM token; prices change, so we record the catalog's retrieval date.",
  "Zwölf Boxkämpfer jagen Viktor quer über den großen Sylter Deich.",
  "Le cœur déçu mais l'âme plutôt naïve, Louÿs rêva de crapaüter en canoë au delà des îles.",
  "Съешь же ещё этих мягких французских булок, да выпей чаю.",
  "ΤΑΧΙΣΤΗ ΑΛΩΠΗΞ ΒΑΦΗΣ ΨΗΜΕΝΗ ΓΗ, ΔΡΑΣΚΕΛΙΖΕΙ ΥΠΕΡ ΝΩΘΡΟΥ ΚΥΝΟΣ",
  "الخط العربي فن جميل، ويكتب من اليمين إلى اليسار.",
  "हिन्दी एक सुंदर भाषा है और देवनागरी लिपि में लिखी जाती है।",
];

export const CJK = [
  "お誕生日おめでとう",
  "我能吞下玻璃而不伤身体。",
  "키스의 고유조건은 입술끼리 만나야 하고 특별한 기술은 필요치 않다.",
  "東京都渋谷区でラーメンを食べました。とても美味しかったです！",
  "中文、日本語、한국어 mixed with English words and 123 numbers",
];

export const EMOJI = ["😀😃😄😁😆", "👍🏽 👋🏿 🙌🏻", "👨‍👩‍👧‍👦 family, 🏳️‍🌈 flag, 🇯🇵🇺🇸 flags", "I ❤️ tokens 🚀🚀🚀 and ☕", "emoji at end 🎉"];

export const CODE = [
  "export function add(a: number, b: number): number {\n  return a + b;\n}\n",
  "def fib(n):\n    if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)\n",
  'using System;\nnamespace Demo\n{\n    class Program { static void Main() => Console.WriteLine("hi"); }\n}\n',
  '#include <stdio.h>\nint main(void) { printf("%d\\n", 42); return 0; }\n',
  "SELECT team, SUM(cost_usd) AS total FROM usage WHERE ts >= '2026-01-01' GROUP BY team;",
  "const re = /^(?:[a-z0-9_-]+)@([a-z]+)\\.com$/iu; // eslint-disable-line\n",
  '<div class="card">\n\t<span>{{ price | currency }}</span>\n</div>\n',
];

export const JSON_TEXT = [
  JSON.stringify({ model: "gpt-4o", usage: { prompt_tokens: 129, completion_tokens: 7 }, ok: true }),
  JSON.stringify({ messages: [{ role: "user", content: "hi" }], tools: [], temperature: 0.2 }, null, 2),
  JSON.stringify([1, 2.5, -3e10, null, "ünïcödé", { nested: { deep: ["a", "b"] } }]),
];

// the characters gpt-tokenizer gets wrong, in every position that behaved differently
export const BOM_AND_NEL = [
  "\ufeff",
  "\ufeff\ufeff",
  "\ufeff\ufeff\ufeff",
  "\ufeffhello",
  "hello\ufeff",
  "hel\ufeffllo",
  "\ufeff hello",
  " \ufeff",
  "a \ufeffb",
  "\ufeffusing System;",
  "\ufeffnamespace Foo",
  "\ufeff//",
  "\ufeff#",
  "\ufeff\n",
  "\ufeff\n\n",
  "\ufeff/*\n * c\n */",
  "x\ufeff\ufeffy",
  "\ufeff추장안마",
  '\ufeff<?xml version="1.0"?>',
  '\ufeff{"a":1}',
  "\ufeff1",
  "\ufeff!",
  "!\ufeff",
  "\ufeffé",
  "\ufeff\ufeffusing",
  "\ufeffUsing",
  "\ufeffusing\ufeff",
  "  \ufeff",
  "\n\ufeff",
  "\ufeff\r\n",
  "x\ufeff//",
  "\ufeff\ufeff\n",
  "\ufeff'",
  "it\ufeff's",
  "\ufeff\t\t",
  "\ufeff😀",
  "\ufeff中文",
  "\u0085",
  "a\u0085b",
  "\u0085's",
  " \u0085 ",
  "\u0085\n",
  "x\u0085\u0085y",
  "\u0085\ufeff",
  "end.\u0085",
];

export const WHITESPACE = [
  " ",
  "  ",
  "   \n",
  "\n\n\n",
  "\t\t\tx",
  `a${" ".repeat(50)}b`,
  " ".repeat(300),
  `${"\n".repeat(40)}x`,
  "\r\n\r\n  \r\n",
  "x \u00a0 y \u3000 z \u2028 w",
  "trailing spaces   ",
  " \t \n \t ".repeat(20),
  "line\n    indented\n        more\n",
  `${" ".repeat(4000)}!`,
];

export const SPECIAL_TEXT = ["<|endoftext|>", "before <|endoftext|> after", "<|im_start|>user\nhi<|im_end|>", "<|fim_prefix|>x<|fim_suffix|>"];

export const MISC = [
  "",
  "a",
  "1234567890",
  "3.14159265358979",
  "1,000,000.00 USD",
  "'s 't 're 've 'm 'll 'd",
  "DON'T WON'T I'M",
  "https://example.com/path?q=1&r=%20#frag",
  "C:\\Users\\me\\file.txt",
  "----====****",
  "......",
  "a/b/c//d///",
];

const POOL = [
  ...PROSE.flatMap((p) => p.split(" ")),
  ...CJK.flatMap((p) => [...p]),
  "😀",
  "👍🏽",
  "🇯🇵",
  "\ufeff",
  "\u0085",
  " ",
  "  ",
  "\n",
  "\t",
  "\r\n",
  "\u00a0",
  "'s",
  "'",
  "//",
  "{",
  "}",
  "0",
  "42",
  "<|endoftext|>",
  "using",
  "ü",
  "ß",
  "İ",
  "ſ",
  "K",
];

/** seeded random mixes of the fragments above */
export function randomMixes(count: number, seed = 1): string[] {
  const next = prng(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let s = "";
    const len = 1 + Math.floor(next() * 14);
    for (let j = 0; j < len; j++) s += POOL[Math.floor(next() * POOL.length)]!;
    out.push(s);
  }
  return out;
}

/** every fixed sample, plus `mixes` random mixes and a few long concatenations */
export function corpus(mixes = 1500): string[] {
  const fixed = [...PROSE, ...CJK, ...EMOJI, ...CODE, ...JSON_TEXT, ...BOM_AND_NEL, ...WHITESPACE, ...SPECIAL_TEXT, ...MISC];
  const long = [fixed.join("\n"), fixed.join(""), `\ufeff${CODE.join("\n\ufeff")}`, PROSE.join(" ").repeat(20)];
  return [...fixed, ...long, ...randomMixes(mixes)];
}
