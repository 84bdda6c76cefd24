/**
 * What Terraform makes of a synthesized string, for the expressions the constructs emit around
 * literal text, and nothing more: any other template sequence or function throws, so a test
 * fails when a value would be evaluated rather than read as text. References (to resources,
 * locals, variables) come back as `⟦ref:<address>⟧`.
 *
 * Rules (HCL's template scanner): `$${` is a literal `${` and `%%{` a literal `%{`; any other
 * `${` opens an interpolation and any other `%{` a directive. In JSON syntax a string holds a
 * template with no backslash escapes (JSON decoding did those); in HCL's quoted strings `\"`,
 * `\\`, `\n`, `\r`, `\t`, `\uXXXX` and `\UXXXXXXXX` are escapes.
 */

export class EvaluatedError extends Error {}

export const refText = (address: string) => `⟦ref:${address}⟧`;

class Scanner {
  constructor(
    readonly src: string,
    public at: number,
  ) {}

  fail(why: string): never {
    throw new EvaluatedError(`${why} at ${this.at} in ${JSON.stringify(this.src)}`);
  }

  skipSpace(): void {
    while (/\s/.test(this.src[this.at] ?? '')) this.at++;
  }

  take(text: string): boolean {
    if (!this.src.startsWith(text, this.at)) return false;
    this.at += text.length;
    return true;
  }

  expect(text: string): void {
    if (!this.take(text)) this.fail(`expected ${JSON.stringify(text)}`);
  }
}

/** A template body up to the end of the text (JSON) or to the closing quote (HCL). */
function template(s: Scanner, quoted: boolean): string {
  let out = '';
  for (;;) {
    if (s.at >= s.src.length) {
      if (quoted) s.fail('unterminated string');
      return out;
    }
    if (s.take('$${')) out += '${';
    else if (s.take('%%{')) out += '%{';
    else if (s.take('${')) {
      const value = expression(s);
      s.skipSpace();
      s.expect('}');
      out += value;
    } else if (s.take('%{')) s.fail('a template directive would be evaluated');
    else if (quoted && s.take('"')) return out;
    else if (quoted && s.src[s.at] === '\\') out += escape(s);
    else out += s.src[s.at++];
  }
}

function escape(s: Scanner): string {
  const next = s.src[s.at + 1];
  const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };
  if (next in simple) {
    s.at += 2;
    return simple[next];
  }
  const hex = next === 'u' ? 4 : next === 'U' ? 8 : 0;
  const digits = s.src.slice(s.at + 2, s.at + 2 + hex);
  if (hex === 0 || !/^[0-9a-fA-F]+$/.test(digits) || digits.length !== hex) s.fail(`invalid escape \\${next}`);
  s.at += 2 + hex;
  return String.fromCodePoint(parseInt(digits, 16));
}

const REFERENCE = /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*|\[[0-9]+\])*/;

/** String literals, references, and the functions the constructs wrap literal text in. */
function expression(s: Scanner): string {
  s.skipSpace();
  if (s.take('"')) return template(s, true);
  for (const fn of ['join', 'format', 'trimsuffix']) {
    if (s.take(`${fn}(`)) return call(s, fn);
  }
  const ref = REFERENCE.exec(s.src.slice(s.at));
  if (!ref) s.fail('unsupported expression');
  s.at += ref[0].length;
  if (s.src[s.at] === '(') s.fail(`unsupported function ${ref[0]}()`);
  return refText(ref[0]);
}

function args(s: Scanner, close: string): string[] {
  const out: string[] = [];
  s.skipSpace();
  if (s.take(close)) return out;
  for (;;) {
    out.push(expression(s));
    s.skipSpace();
    if (s.take(close)) return out;
    s.expect(',');
  }
}

function call(s: Scanner, fn: string): string {
  if (fn === 'join') {
    const [sep] = [expression(s)];
    s.skipSpace();
    s.expect(',');
    s.skipSpace();
    s.expect('[');
    const items = args(s, ']');
    s.skipSpace();
    s.expect(')');
    return items.join(sep);
  }
  const [first, ...rest] = args(s, ')');
  if (fn === 'trimsuffix') return first.endsWith(rest[0]) ? first.slice(0, first.length - rest[0].length) : first;
  let i = 0;
  return first.replace(/%%|%s/g, (m) => (m === '%%' ? '%' : rest[i++]));
}

/** A string from `cdk.tf.json` as Terraform reads it. */
export function evalJsonTemplate(value: string): string {
  return template(new Scanner(value, 0), false);
}

/** A quoted HCL string starting at `src[start] === '"'`, and where it ends. */
export function evalHclString(src: string, start: number): { value: string; end: number } {
  const s = new Scanner(src, start);
  s.expect('"');
  const value = template(s, true);
  return { value, end: s.at };
}

/** A Terraform expression (e.g. the argument of a function call in a local's value). */
export function evalExpression(src: string): string {
  const s = new Scanner(src, 0);
  const value = expression(s);
  s.skipSpace();
  if (s.at !== src.length) s.fail('trailing text');
  return value;
}
