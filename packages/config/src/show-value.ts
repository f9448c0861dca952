// How a configuration value may appear in a message. A value is echoed so that a typo can be
// spotted, but a message ends up in terminals, CI logs and bug reports: nothing that could be a
// credential is echoed, nothing long, and nothing that could drive the terminal.

/** Longest part of a value ever echoed; the rest is replaced by a count. */
export const MAX_ECHOED_LENGTH = 60;

// Zoho's client secrets are ~42 letters and digits; grant, access and refresh tokens are
// `1000.` followed by hex segments. A run of 16 such characters is never a typo worth showing.
const LONG_RUN = 16;

function isAlnum(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/**
 * True for a value that contains something shaped like a Zoho token or secret: `1000.` followed
 * by a letter or digit, or 16 letters/digits in a row. One pass, no regular expression.
 */
export function looksLikeSecret(value: string): boolean {
  if (value.includes('1000.')) {
    for (let at = value.indexOf('1000.'); at >= 0; at = value.indexOf('1000.', at + 1)) {
      if (at + 5 < value.length && isAlnum(value.charCodeAt(at + 5))) return true;
    }
  }
  let run = 0;
  for (let i = 0; i < value.length; i++) {
    run = isAlnum(value.charCodeAt(i)) ? run + 1 : 0;
    if (run >= LONG_RUN) return true;
  }
  return false;
}

/** Describes a secret without revealing any of it. */
export function describeSecret(value: string | undefined): string {
  return value ? `<set, ${value.length} characters>` : '<not set>';
}

// C0/C1 controls, DEL, and the Unicode marks that reorder or hide text (bidi overrides, zero-width
// characters, line/paragraph separators, BOM): escaped so a value cannot rewrite what is shown.
function mustEscape(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    (code >= 0x200b && code <= 0x200f) ||
    (code >= 0x2028 && code <= 0x202e) ||
    (code >= 0x2060 && code <= 0x2069) ||
    code === 0xfeff ||
    (code >= 0xd800 && code <= 0xdfff)
  );
}

function escapeChars(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      // A whole surrogate pair is an ordinary character (emoji, CJK extension); only a lone half is escaped.
      out += text.slice(i, i + 2);
      i++;
    } else if (code === 0x22 || code === 0x5c) out += `\\${text[i]}`;
    else if (mustEscape(code)) out += code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
    else out += text[i];
  }
  return out;
}

/**
 * A value as it may appear in a message: quoted, at most MAX_ECHOED_LENGTH characters of it,
 * control characters escaped — or only its length when it looks like a token or secret.
 */
export function showValue(value: string): string {
  if (looksLikeSecret(value)) return `<hidden: looks like a token or secret, ${value.length} characters>`;
  return quoteValue(value);
}

/** A value that is no secret (a CSV cell, a column name) quoted, capped and escaped like showValue. */
export function quoteValue(value: string): string {
  const head = escapeChars(value.slice(0, MAX_ECHOED_LENGTH));
  const more = value.length > MAX_ECHOED_LENGTH ? `… (${value.length} characters)` : '';
  return `"${head}"${more}`;
}
