import { ref, Token } from 'cdktf';

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

/**
 * An HCL string literal: JSON escaping is valid HCL for plain text; template sequences
 * (`${`, `%{`) are escaped so the text stays literal.
 */
export function hclStringLiteral(value: string): string {
  return JSON.stringify(value).replace(/\$\{/g, '$$$${').replace(/%\{/g, '%%{');
}

/** A string value to embed in an expression: a token stays a bare reference, a literal is quoted. */
export function hclValue(value: string): string {
  return Token.isUnresolved(value) ? value : hclStringLiteral(value);
}
