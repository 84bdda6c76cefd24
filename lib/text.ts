/**
 * Characters that Atlas and Azure reject or silently keep, and that make two different values
 * look the same to a reviewer: control characters, format characters (zero-width spaces and
 * joiners, bidirectional overrides, the byte-order mark), private-use and unassigned code points,
 * lone surrogates, line/paragraph separators, non-ASCII spaces and the invisible fillers.
 */
const INVISIBLE =
  /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Cn}\p{Zl}\p{Zp}\u00A0\u034F\u115F\u1160\u1680\u180B-\u180D\u2000-\u200A\u202F\u205F\u3000\u3164\uFE00-\uFE0F\uFFA0\u{E0100}-\u{E01EF}]/u;

/** The first invisible or control character of a text, as `U+XXXX` with its position. */
export function invisibleCharacter(text: string): { codePoint: string; index: number } | undefined {
  const match = INVISIBLE.exec(text);
  if (!match) return undefined;
  return { codePoint: `U+${(match[0].codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}`, index: match.index };
}

/** Values longer than this are shortened in messages: a 5 MB string must not come back whole. */
export const SHOWN_MAX = 120;

/**
 * A value as an error message shows it: quoted, with quotes, backslashes and every invisible or
 * control character escaped, so the message stays on one line and shows what is really there.
 * A long value shows its start and its length: `"xxxx..." (5000 characters)`.
 */
export function shown(value: unknown): string {
  if (typeof value !== 'string') return String(value);
  if (value.length <= SHOWN_MAX) return quoted(value);
  const chars = [...value];
  if (chars.length > SHOWN_MAX) return `${quoted(chars.slice(0, SHOWN_MAX - 20).join(''))}... (${chars.length} characters)`;
  return quoted(value);
}

function quoted(value: string): string {
  let out = '';
  for (const ch of value) {
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (INVISIBLE.test(ch)) out += `\\u{${(ch.codePointAt(0) as number).toString(16)}}`;
    else out += ch;
  }
  return `"${out}"`;
}
