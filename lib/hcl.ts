import { ref, Token } from 'cdktf';
import { fragments } from './tokens';

/**
 * A raw Terraform expression. Tokens embedded in the text (resource attributes, locals)
 * render as bare references inside it, so the JSON carries one `${...}` interpolation.
 */
export function hcl(expression: string): string {
  return Token.asString(ref(expression));
}

export function hclNumberList(expression: string): number[] {
  return Token.asNumberList(ref(expression));
}

/** Escapes the two template sequences, so that Terraform reads the text as it is. */
export function escapeTemplate(text: string): string {
  return text.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

/**
 * An HCL string literal. JSON escaping is valid HCL except `\b` and `\f`, which HCL lacks
 * (written as `\u` escapes); template sequences (`${`, `%{`) are escaped so the text stays literal.
 */
export function hclStringLiteral(value: string): string {
  const json = JSON.stringify(value).replace(/\\(u[0-9a-fA-F]{4}|.)/g, (all, esc: string) =>
    esc === 'b' ? '\\u0008' : esc === 'f' ? '\\u000c' : all,
  );
  return escapeTemplate(json);
}

/**
 * A string value to embed in an expression: a token stays a bare reference, a literal is
 * quoted, and a mix of both is joined, so no literal piece can merge with an interpolation.
 */
export function hclValue(value: string): string {
  const parts = fragments(value);
  if (parts.length === 1) return parts[0].token ? parts[0].text : hclStringLiteral(value);
  return `join("", [${parts.map((p) => (p.token ? p.text : hclStringLiteral(p.text))).join(', ')}])`;
}
