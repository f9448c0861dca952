// Shapes of Zoho's credentials. They only catch copy-paste accidents (quotes, spaces, a URL in the
// wrong variable, a template placeholder); Zoho remains the judge of whether a value is valid.
export const CLIENT_ID_PATTERN = /^\d{4}\.[A-Za-z0-9]{6,}$/;
export const CLIENT_SECRET_PATTERN = /^[A-Za-z0-9]{10,}$/;
export const TOKEN_PATTERN = /^\d{4}\.[a-f0-9]{8,}\.[a-f0-9]{8,}$/i;
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const PLACEHOLDERS = [/^your[_-].*$/i, /^<.*>$/, /^x{3,}$/i, /^changeme$/i, /^todo$/i, /^\.\.\.$/];

/** True for values left from `.env.template`, such as `YOUR_CLIENT_ID_HERE`. */
export function isPlaceholder(value: string): boolean {
  return PLACEHOLDERS.some((re) => re.test(value.trim()));
}

/** Describes a secret without revealing any of it. */
export function describeSecret(value: string | undefined): string {
  return value ? `<set, ${value.length} characters>` : '<not set>';
}
