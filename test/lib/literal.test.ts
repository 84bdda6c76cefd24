import { ref, Token } from 'cdktf';
import { hclStringLiteral, hclValue } from '../../lib/hcl';
import { literal, literalMap } from '../../lib/literal';
import { fragments } from '../../lib/tokens';
import { newStack, rendered } from '../support/synth';
import { evalExpression, evalJsonTemplate, refText } from '../support/terraform-template';

const tok = Token.asString(ref('var.x'));

describe('literal', () => {
  test.each([
    ['plain', 'cluster0', 'cluster0'],
    ['an interpolation', 'c0${file("/etc/hostname")}', '${"c0$${file(\\"/etc/hostname\\")}"}'],
    ['a directive', 'a%{ if true }b%{ endif }', 'a%%{ if true }b%%{ endif }'],
    ['an escape already', 'a$${b}', 'a$$${b}'],
    ['lone and trailing $ and %', 'price $5 100% $', 'price $5 100% $'],
    ['a quote', 'say "hi"', '${"say \\"hi\\""}'],
  ])('escapes %s so Terraform reads it back', (_name, value, written) => {
    expect(literal(value)).toBe(written);
    expect(evalJsonTemplate(literal(value))).toBe(value);
  });

  test('a token stays a token', () => {
    expect(literal(tok)).toBe(tok);
  });

  test('text mixed with a token is joined, so a trailing $ cannot escape the reference', () => {
    const stack = newStack();
    const value = rendered(stack, literal(`price $${tok}%{x}`)) as string;
    expect(value).toBe('${join("", ["price $", var.x, "%%{x}"])}');
    expect(evalJsonTemplate(value)).toBe(`price $${refText('var.x')}%{x}`);
  });

  test('cdktf alone turns that trailing $ into an escape (why mixed text is joined)', () => {
    expect(rendered(newStack(), `price $${tok}`)).toBe('price $${var.x}');
  });

  test('tag keys are literal too, and a key HCL cannot write bare is an expression', () => {
    expect(literalMap({ 'a${b}': 'c%{d}', '-x': 'y' })).toEqual({ 'a$${b}': 'c%%{d}', '${"-x"}': 'y' });
  });
});

describe('hclStringLiteral and hclValue', () => {
  test('HCL has no \\b or \\f escapes: they are written as \\u escapes', () => {
    expect(hclStringLiteral('a\bb\fc\\b')).toBe('"a\\u0008b\\u000cc\\\\b"');
  });

  test('a literal is quoted and escaped; a mix is joined', () => {
    expect(hclValue('a${b}')).toBe('"a$${b}"');
    expect(evalExpression(hclValue('a${b}%{c}"'))).toBe('a${b}%{c}"');
    expect(hclValue(`x${tok}`)).toBe(`join("", ["x", ${tok}])`);
  });
});

describe('fragments', () => {
  test('splits string and number tokens from the text around them', () => {
    const num = Token.asNumber(ref('var.n'));
    const parts = fragments(`a${tok}b${num}endif`);
    expect(parts.map((p) => p.token)).toEqual([false, true, false, true, false]);
    expect(parts[4].text).toBe('endif');
  });

  test('a forged token marker with no token behind it is still a token to cdktf (config rejects it)', () => {
    expect(fragments('${TfToken[TOKEN.999999]}')[0].token).toBe(true);
  });
});

// Checked with terraform 1.11.4 (`terraform output -json` of a config holding these strings);
// the engine test test/engine/literal-strings.test.ts checks the constructs' output the same way.
describe('the test evaluator agrees with Terraform', () => {
  test.each([
    ['a$${b}%%{c}', 'a${b}%{c}'],
    ['$$${x} $$$${y} %%%{z}', '$${x} $$${y} %%{z}'],
    ['${"say \\"hi\\" \\\\ $${x}"}', 'say "hi" \\ ${x}'],
    ['price $${var.x}', 'price ${var.x}'],
  ])('%s', (json, value) => {
    expect(evalJsonTemplate(json)).toBe(value);
  });

  test('refuses what Terraform would evaluate', () => {
    expect(() => evalJsonTemplate('${file("/etc/hostname")}')).toThrow(/unsupported function file/);
    expect(() => evalJsonTemplate('%{ if true }x%{ endif }')).toThrow(/directive/);
  });
});
