// Shapes of Zoho's credentials. They only catch copy-paste accidents (quotes, spaces, a URL in the
// wrong variable, a template placeholder); Zoho remains the judge of whether a value is valid.
// Every pattern here is anchored and free of nested or overlapping quantifiers, so it runs in
// linear time; values are also length-checked (MAX_VALUE_LENGTH) before any pattern sees them.
export const CLIENT_ID_PATTERN = /^\d{4}\.[A-Za-z0-9]{6,}$/;
export const CLIENT_SECRET_PATTERN = /^[A-Za-z0-9]{10,}$/;
export const TOKEN_PATTERN = /^\d{4}\.[a-f0-9]{8,}\.[a-f0-9]{8,}$/i;

/**
 * No configuration value is longer than this. Longer input is refused before any other check:
 * V8's regular expressions overflow the stack on multi-megabyte input.
 */
export const MAX_VALUE_LENGTH = 4096;

/** The longest email address SMTP allows. */
const MAX_EMAIL_LENGTH = 254;

const isSpace = (ch: string) => /\s/.test(ch);

/**
 * `local@domain.tld` with no whitespace and exactly one `@`, the domain holding a dot with
 * something on both sides. One pass: a regular expression with two unbounded `[^@]+` parts
 * backtracks quadratically on `a@....@`.
 */
export function isEmailShaped(value: string): boolean {
  if (value.length > MAX_EMAIL_LENGTH) return false;
  const at = value.indexOf('@');
  if (at <= 0 || value.indexOf('@', at + 1) >= 0) return false;
  for (const ch of value) if (isSpace(ch)) return false;
  const domain = value.slice(at + 1);
  const dot = domain.indexOf('.', 1);
  return dot > 0 && dot < domain.length - 1;
}

const PLACEHOLDERS = [/^your[_-]/i, /^<[^]*>$/, /^x{3,}$/i, /^changeme$/i, /^todo$/i, /^\.\.\.$/];

/** True for values left from `.env.template`, such as `YOUR_CLIENT_ID_HERE`. */
export function isPlaceholder(value: string): boolean {
  const trimmed = value.trim();
  return PLACEHOLDERS.some((re) => re.test(trimmed));
}


