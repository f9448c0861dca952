import { createHash } from 'node:crypto';

/** Where a `page_token` resumes a listing: the order it was made in and how far it got. */
export interface PageCursor {
  module: string;
  sortBy: string;
  sortOrder: 'asc' | 'desc';
  /** Epoch ms of If-Modified-Since, when the listing had one. */
  modifiedSince: number | undefined;
  /** Records already handed out. */
  offset: number;
  /** Epoch ms after which Zoho no longer accepts the token (`info.page_token_expiry`). */
  expiresAt: number;
}

/** Zoho's page tokens are valid for a day. */
export const PAGE_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;
/** Issued tokens kept at most; the oldest go first, so a long test run cannot grow memory without bound. */
const MAX_TOKENS = 10_000;

/** Opaque, single-purpose tokens for paging past Zoho's 2,000-record `page` cap. */
export class PageTokens {
  private readonly tokens = new Map<string, PageCursor>();
  private seq = 0;

  issue(cursor: PageCursor): string {
    this.seq++;
    const token = createHash('sha256').update(`page-token:${this.seq}:${cursor.module}:${cursor.offset}`).digest('hex');
    this.tokens.set(token, cursor);
    if (this.tokens.size > MAX_TOKENS) {
      const oldest = this.tokens.keys().next().value;
      if (oldest !== undefined) this.tokens.delete(oldest);
    }
    return token;
  }

  /** The cursor of a live token, or why there is none. */
  read(token: string, now: number): { ok: true; cursor: PageCursor } | { ok: false; reason: 'unknown' | 'expired' } {
    const cursor = this.tokens.get(token);
    if (!cursor) return { ok: false, reason: 'unknown' };
    if (cursor.expiresAt <= now) {
      this.tokens.delete(token);
      return { ok: false, reason: 'expired' };
    }
    return { ok: true, cursor };
  }

  clear(): void {
    this.tokens.clear();
  }
}
