/**
 * The first C0 control character in `text` other than tab, LF and CR (which text fields may hold),
 * or DEL, as its 0-based position; -1 when there is none. Such characters have no place in a CRM
 * value and mostly come from a broken export or a hostile one (NUL ends strings in C code).
 */
export function controlCharacterAt(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) return i;
  }
  return -1;
}

/** `U+0000`-style name of the character at `i`. */
export function codePointName(text: string, i: number): string {
  return `U+${text.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0')}`;
}
