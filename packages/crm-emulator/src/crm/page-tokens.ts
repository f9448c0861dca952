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
  /** The walk the token belongs to: every page of one walk reads the same snapshot of ids. */
  walk: number;
}

/** Zoho's page tokens are valid for a day. */
export const PAGE_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;
/** Issued tokens kept at most; the oldest go first, so a long test run cannot grow memory without bound. */
const MAX_TOKENS = 10_000;
/** Walks whose snapshot is kept (a million-record walk holds a million ids); older walks sort again. */
const MAX_SNAPSHOTS = 8;

/** Opaque, single-purpose tokens for paging past Zoho's 2,000-record `page` cap. */
export class PageTokens {
  private readonly tokens = new Map<string, PageCursor>();
  private readonly snapshots = new Map<number, readonly string[]>();
  private seq = 0;
  private walks = 0;

  /**
   * Starts a walk over `ids` (the listing's order at its first page): its pages hand out slices of
   * this one order, so records changed during the walk neither move nor repeat, and a page costs
   * no sorting. Returns the walk's number for its tokens.
   */
  startWalk(ids: readonly string[]): number {
    const walk = ++this.walks;
    this.snapshots.set(walk, ids);
    if (this.snapshots.size > MAX_SNAPSHOTS) {
      const oldest = this.snapshots.keys().next().value;
      if (oldest !== undefined) this.snapshots.delete(oldest);
    }
    return walk;
  }

  /** The ids of a walk, or undefined once it was dropped (then the listing is sorted again). */
  snapshot(walk: number): readonly string[] | undefined {
    return this.snapshots.get(walk);
  }

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
    this.snapshots.clear();
  }
}
