// Blanks secrets wherever text or data could carry them into a log line or an error: the known
// values (client secret, refresh token, every access token handed to the SDK) whole and in part,
// and anything shaped like a token or an Authorization header.

export const REDACTED = '[REDACTED]';

/** Zoho's access and refresh tokens: `1000.<hex>.<hex>`. */
const TOKEN_SHAPE = /\b\d{4}\.[a-f0-9]{8,}\.[a-f0-9]{8,}\b/gi;
const AUTH_SCHEME = /\b(Zoho-oauthtoken|Bearer)(\s+)[^\s"',;\]}]+/gi;
const SECRET_PARAM = /\b(refresh_token|access_token|client_secret|grant_token|clientSecret|refreshToken|accessToken)(["']?\s*[=:]\s*["']?)[^&\s"',;}\]]+/g;
const CODE_PARAM = /([?&]code=)[^&\s"']+/g;
const AUTH_HEADER = /\b(authorization)(["']?\s*[=:]\s*["']?)(?!\s*#)[^"'\n,;}\]]+/gi;

/** Object keys whose values are blanked whatever they hold. */
const SECRET_KEYS = /^(authorization|cookie|set-cookie|password|secret|client_?secret|refresh_?token|access_?token|grant_?token|token)$/i;

/** Parts of a secret long enough to identify it: a leaked tail is still a leak. */
function fragmentsOf(secret: string): string[] {
  const parts = new Set<string>([secret]);
  for (const segment of secret.split('.')) if (segment.length >= 8) parts.add(segment);
  if (secret.length > 32) parts.add(secret.slice(-32));
  return [...parts];
}

export class Redactor {
  #fragments: string[] = [];

  /** Remembers a secret value (ignored when empty). */
  addSecret(value: string | null | undefined): void {
    if (!value || value.length < 6) return;
    const known = new Set(this.#fragments);
    let grew = false;
    for (const f of fragmentsOf(value)) {
      if (!known.has(f)) {
        this.#fragments.push(f);
        grew = true;
      }
    }
    // Longest first, so a whole token is blanked before one of its segments.
    if (grew) this.#fragments.sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    let out = text;
    for (const f of this.#fragments) if (out.includes(f)) out = out.split(f).join(REDACTED);
    return out
      .replace(AUTH_SCHEME, `$1$2${REDACTED}`)
      .replace(SECRET_PARAM, `$1$2${REDACTED}`)
      .replace(CODE_PARAM, `$1${REDACTED}`)
      .replace(AUTH_HEADER, `$1$2${REDACTED}`)
      .replace(TOKEN_SHAPE, REDACTED);
  }

  /** A redacted, JSON-safe copy: strings redacted, secret-named keys blanked, BigInt as text. */
  redactDeep(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (typeof value === 'bigint') return value.toString();
    if (value === null || typeof value !== 'object') return typeof value === 'function' || typeof value === 'symbol' ? undefined : value;
    if (seen.has(value) || depth > 8) return '[…]';
    seen.add(value);
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
    if (value instanceof Error) return this.redactError(value, depth, seen);
    if (Array.isArray(value)) return value.map((v) => this.redactDeep(v, depth + 1, seen));
    const entries: [string, unknown][] = value instanceof Map ? [...value.entries()].map(([k, v]) => [String(k), v]) : Object.entries(value);
    const out: Record<string, unknown> = {};
    for (const [k, v] of entries) out[k] = SECRET_KEYS.test(k) && v !== null && v !== undefined && v !== '' ? REDACTED : this.redactDeep(v, depth + 1, seen);
    return out;
  }

  /** name, message and code of an error and its causes — never its other properties (the SDK's hold request headers). */
  redactError(error: Error, depth = 0, seen: WeakSet<object> = new WeakSet()): Record<string, unknown> {
    const out: Record<string, unknown> = { name: error.name, message: this.redact(String(error.message ?? '')) };
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' || typeof code === 'number') out.code = this.redact(String(code));
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof Error && depth < 6 && !seen.has(cause)) {
      seen.add(cause);
      out.cause = this.redactError(cause, depth + 1, seen);
    }
    return out;
  }
}
