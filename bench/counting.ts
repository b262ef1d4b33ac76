import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { countTokens as rawCount } from "gpt-tokenizer/encoding/o200k_base";
import { get_encoding } from "tiktoken";
import { loadEncoding } from "../src/tokens/index.js";

export interface CountingResult {
  corpusMB: number;
  chunks: number;
  oursMBs: number;
  rawMBs: number;
  ratio: number;
  tiktokenMBs: number;
  tokensPerSecond: number;
  agreesWithTiktoken: boolean;
}

const root = fileURLToPath(new URL("../..", import.meta.url));

/** prose and code that every clone has after `npm install`: type declarations and READMEs */
function corpus(limitBytes: number): string {
  const parts: string[] = [];
  let size = 0;
  const walk = (dir: string, depth: number): void => {
    if (size >= limitBytes || depth > 4) return;
    for (const name of readdirSync(dir).sort()) {
      if (size >= limitBytes) return;
      const path = join(dir, name);
      const st = statSync(path);
      if (st.isDirectory()) walk(path, depth + 1);
      else if (/\.(d\.ts|md)$/.test(name) && st.size < 2_000_000) {
        const text = readFileSync(path, "utf8");
        parts.push(text);
        size += Buffer.byteLength(text);
      }
    }
  };
  walk(join(root, "node_modules"), 0);
  return parts.join("\n");
}

/** split into ~4 KB chunks on character boundaries */
function chunks(text: string, bytes = 4096): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += bytes) out.push(text.slice(i, i + bytes));
  return out;
}

function throughput(list: string[], count: (s: string) => number, mb: number, rounds: number): { mbs: number; tokens: number } {
  let tokens = 0;
  const start = performance.now();
  for (let r = 0; r < rounds; r++) for (const c of list) tokens += count(c);
  const seconds = (performance.now() - start) / 1000;
  return { mbs: (mb * rounds) / seconds, tokens: tokens / rounds };
}

/** our counter against gpt-tokenizer's own countTokens on the same chunks, alternating rounds */
export async function benchCounting(limitBytes = 8_000_000): Promise<CountingResult> {
  const text = corpus(limitBytes);
  const list = chunks(text);
  const mb = Buffer.byteLength(text) / 1e6;
  const counter = await loadEncoding("o200k_base");
  // the same options our counter passes: special-token text counted as ordinary text
  const ordinary = { disallowedSpecial: new Set<string>() };
  const raw = (s: string) => rawCount(s, ordinary);
  // warm-up both (JIT, merge caches)
  // counted fresh: the counter's cache of texts seen lately would answer the later rounds
  throughput(list.slice(0, 200), (s) => counter.countFresh(s), mb, 1);
  throughput(list.slice(0, 200), raw, mb, 1);
  const ours: number[] = [];
  const rawRounds: number[] = [];
  let tokens = 0;
  for (let round = 0; round < 3; round++) {
    const a = throughput(list, (s) => counter.countFresh(s), mb, 1);
    ours.push(a.mbs);
    tokens = a.tokens;
    rawRounds.push(throughput(list, raw, mb, 1).mbs);
  }
  const best = (xs: number[]) => Math.max(...xs);
  const enc = get_encoding("o200k_base");
  const sample = list.slice(0, 300);
  const sampleMb = sample.reduce((n, c) => n + Buffer.byteLength(c), 0) / 1e6;
  const tk = throughput(sample, (s) => enc.encode_ordinary(s).length, sampleMb, 1);
  const agreesWithTiktoken = sample.every((c) => counter.count(c) === enc.encode_ordinary(c).length);
  enc.free();
  return {
    corpusMB: mb,
    chunks: list.length,
    oursMBs: best(ours),
    rawMBs: best(rawRounds),
    ratio: best(ours) / best(rawRounds),
    tiktokenMBs: tk.mbs,
    tokensPerSecond: (tokens * best(ours)) / mb,
    agreesWithTiktoken,
  };
}
