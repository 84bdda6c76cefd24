/**
 * Literal strings on their way into Terraform. In Terraform's JSON syntax every string in an
 * expression position (attribute values and object keys) is a template: `${...}` and `%{...}`
 * are evaluated on the machine that runs `terraform plan`. cdktf 0.21 escapes neither, so a
 * value from a config such as `c0${file("/etc/hostname")}` would be evaluated there. Every
 * string a construct passes to a resource, data source, local or output goes through here.
 */
import { escapeTemplate, hcl, hclStringLiteral, hclValue } from './hcl';
import { fragments, hasToken } from './tokens';

/**
 * The form of a string that Terraform reads back as exactly that string, in both `cdk.tf.json`
 * and cdktf's HCL output:
 * - plain text: `${` and `%{` become `$${` and `%%{`;
 * - text with a quote or backslash: a string expression `${"..."}`, because cdktf's HCL renderer
 *   writes such text unescaped (it skips quote escaping whenever the text holds `${`, and never
 *   escapes backslashes);
 * - a token: unchanged;
 * - text mixed with tokens: `${join("", ["text", ref, ...])}`, because cdktf concatenates the
 *   pieces as they are, and a piece ending in `$` before a token would turn that token's `${`
 *   into the escape `$${`.
 */
export function literal(value: string): string {
  const parts = fragments(value);
  if (parts.length > 1) return hcl(hclValue(value));
  if (parts[0].token) return value;
  return /["\\]/.test(value) ? `\${${hclStringLiteral(value)}}` : escapeTemplate(value);
}

export function optionalLiteral(value: string | undefined): string | undefined {
  return value === undefined ? undefined : literal(value);
}

/**
 * A string map (tags): object keys are templates too in Terraform's JSON syntax. cdktf's HCL
 * renderer leaves a key like `-x` unquoted, which HCL cannot parse as a name: such keys are
 * written as string expressions too.
 */
export function literalMap(map: Record<string, string> | undefined): Record<string, string> | undefined {
  if (map === undefined) return undefined;
  const key = (k: string) => (k.startsWith('-') && !hasToken(k) ? `\${${hclStringLiteral(k)}}` : literal(k));
  return Object.fromEntries(Object.entries(map).map(([k, value]) => [key(k), literal(value)]));
}

/** A timeouts block with literal durations. */
export function literalTimeouts(block: { create?: string; delete?: string } | undefined): { create?: string; delete?: string } | undefined {
  return block && { create: optionalLiteral(block.create), delete: optionalLiteral(block.delete) };
}
