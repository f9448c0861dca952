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
  /** The request's parameters (but page and page_token) and If-Modified-Since: a token serves only them. */
  binding: string;
  /** The token of the page before this one, if the walk had one. */
  previous: string | null;
}

/** Zoho's page tokens are valid for a day. */
export const PAGE_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;
/** Issued tokens kept at most; the oldest go first, so a long test run cannot grow memory without bound. */
const MAX_TOKENS = 10_000;
/** Walks whose snapshot is kept; past it (or past MAX_SNAPSHOT_IDS ids in all) the oldest walk's tokens expire. */
const MAX_SNAPSHOTS = 64;
/** Ids held by all snapshots at most (they share the store's strings: 8 bytes each, 64 MB at most). */
const MAX_SNAPSHOT_IDS = 8_000_000;

/** Opaque, single-purpose tokens for paging past Zoho's 2,000-record `page` cap. */
export class PageTokens {
  private readonly tokens = new Map<string, PageCursor>();
  private readonly snapshots = new Map<number, readonly string[]>();
  private seq = 0;
  private walks = 0;
  private snapshotIds = 0;

  /**
   * Starts a walk over `ids` (the listing's order at its first page): its pages hand out slices of
   * this one order, so records changed during the walk neither move nor repeat, and a page costs
   * no sorting. Returns the walk's number for its tokens.
   */
  startWalk(ids: readonly string[]): number {
    const walk = ++this.walks;
    this.snapshots.set(walk, ids);
    this.snapshotIds += ids.length;
    while (this.snapshots.size > 1 && (this.snapshots.size > MAX_SNAPSHOTS || this.snapshotIds > MAX_SNAPSHOT_IDS)) {
      const [oldest, held] = this.snapshots.entries().next().value as [number, readonly string[]];
      this.snapshots.delete(oldest);
      this.snapshotIds -= held.length;
    }
    return walk;
  }

  /**
   * The ids of a walk, or undefined once it was dropped: its tokens then answer EXPIRED_VALUE, as
   * Zoho's do when their day is over, rather than resume over a new order that could skip records.
   */
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
    this.snapshotIds = 0;
  }
}
