/**
 * Splits a string into literal text and the cdktf tokens embedded in it. cdktf encodes a string
 * token as `${TfToken[KEY]}` and a number token as a NaN-range double printed in decimal; both
 * may sit inside a longer string built by concatenation.
 */

export interface Fragment {
  /** True for an embedded token (its encoded text), false for literal text. */
  readonly token: boolean;
  readonly text: string;
}

// The same patterns cdktf 0.21 resolves (tokens/private/encoding.js).
const STRING_TOKEN = /\$\{TfToken\[[a-zA-Z0-9:._-]+\]\}/g;
const NUMBER_TOKEN = /[-|\d|.+]+(e[-|\d|.|e|E|+]+)/g;

/** True for a double that encodes a cdktf number (or number list) token. */
export function isTokenDouble(value: number): boolean {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const high = view.getUint16(0);
  return high === 0xfdff || high === 0xfbff;
}

function tokenSpans(value: string): [number, number][] {
  const spans: [number, number][] = [];
  for (const m of value.matchAll(STRING_TOKEN)) spans.push([m.index, m.index + m[0].length]);
  for (const m of value.matchAll(NUMBER_TOKEN)) {
    const number = parseFloat(m[0]);
    // The pattern also takes letters that follow the number (`e` of "endif"): keep those literal.
    const printed = String(number);
    if (!isTokenDouble(number) || !m[0].startsWith(printed)) continue;
    const start = m.index;
    const end = start + printed.length;
    if (spans.some(([s, e]) => start < e && end > s)) continue;
    spans.push([start, end]);
  }
  return spans.sort((a, b) => a[0] - b[0]);
}

/** The fragments of a string in order; a string without tokens is one literal fragment. */
export function fragments(value: string): Fragment[] {
  const out: Fragment[] = [];
  let at = 0;
  for (const [start, end] of tokenSpans(value)) {
    if (start > at) out.push({ token: false, text: value.slice(at, start) });
    out.push({ token: true, text: value.slice(start, end) });
    at = end;
  }
  if (at < value.length || out.length === 0) out.push({ token: false, text: value.slice(at) });
  return out;
}

/** True when the string embeds at least one token (a string or a number token). */
export function hasToken(value: string): boolean {
  return fragments(value).some((f) => f.token);
}

/** The literal text of a string, tokens left out: what validation can check. */
export function literalText(value: string): string {
  return fragments(value)
    .filter((f) => !f.token)
    .map((f) => f.text)
    .join('');
}
