/**
 * Generated strings full of Terraform template sequences, for the literal-string property tests
 * (unit and engine): `${`, `%{`, their escapes `$${` and `%%{`, lone and trailing `$`/`%`,
 * nested interpolations, quotes and backslashes, optionally mixed with cdktf tokens.
 */
import { ref, Token } from 'cdktf';
import { refText } from './terraform-template';

const PIECES = [
  '${', '%{', '$${', '%%{', '$', '%', '$$', '%%', '}', '{', '"', '\\', ' ', 'a', 'Z', '7', '-', '.', 'é',
  'file("/etc/hostname")', '${"${x}"}', '%{ if true }x%{ endif }', '${path.cwd}', '$${var.x}',
];

/** Hand-picked cases every property test runs, before the generated ones. */
export const FIXED = [
  'c0${file("/etc/hostname")}',
  'tail$',
  'tail%',
  '$${x}',
  '%%{x}',
  '$$${x}',
  '${"${x}"}',
  '%{ for x in [1] }${x}%{ endfor }',
  'say "hi" \\ ${x}',
  '}{',
];

/** A small deterministic PRNG (mulberry32), so a failure always reproduces. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generated(count: number, seed: number): string[] {
  const next = rng(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const n = 1 + Math.floor(next() * 8);
    out.push(Array.from({ length: n }, () => PIECES[Math.floor(next() * PIECES.length)]).join(''));
  }
  return out;
}

/** A string with tokens in it, and what Terraform should read: the text with each reference in place. */
export interface Mixed {
  readonly value: string;
  readonly expected: string;
}

let tokenCount = 0;

/** Splices string tokens (and sometimes a number token) into a text, before, after and inside it. */
export function withTokens(text: string, seed: number): Mixed {
  const next = rng(seed);
  const cut = Math.floor(next() * (text.length + 1));
  const a = `var.t${++tokenCount}`;
  const b = `var.t${++tokenCount}`;
  const first = Token.asString(ref(a));
  if (next() < 0.2) {
    const n = `var.n${++tokenCount}`;
    const num = Token.asNumber(ref(n));
    return { value: `${text.slice(0, cut)}${num}${text.slice(cut)}${first}`, expected: `${text.slice(0, cut)}${refText(n)}${text.slice(cut)}${refText(a)}` };
  }
  const second = Token.asString(ref(b));
  return {
    value: `${first}${text.slice(0, cut)}${second}${text.slice(cut)}`,
    expected: `${refText(a)}${text.slice(0, cut)}${refText(b)}${text.slice(cut)}`,
  };
}
