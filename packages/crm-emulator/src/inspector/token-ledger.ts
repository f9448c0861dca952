import type { OAuthObserver } from '../accounts/oauth-store.js';
import type { TokenRateLimit } from '../options.js';
import { maskToken } from './secret-mask.js';

export type TokenEventKind = 'issued' | 'expired' | 'revoked' | 'access-denied';

export interface TokenEvent {
  time: string;
  kind: TokenEventKind;
  /** `refresh` or `access`. */
  tokenType: 'refresh' | 'access';
  /** Masked (prefix and hash): never the token itself. */
  token: string;
  /** Why it was revoked: `revoke` (API/admin) or `16th-token` (Zoho keeps 15 live access tokens). */
  reason?: string;
}

interface AccessRow {
  token: string;
  refreshToken: string | null;
  clientId: string;
  issuedAt: number;
  expiresAt: number;
  expiredAt: number | null;
  revokedAt: number | null;
}

interface RefreshRow {
  token: string;
  clientId: string;
  issuedAt: number;
  revokedAt: number | null;
  mintTimes: number[];
  accessDenied: number;
}

const EVENT_LIMIT = 500;
const TOKEN_LIMIT = 2_000;

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/**
 * What the inspector knows about OAuth: every token it saw minted, expired or revoked, kept only
 * in masked form, so nothing this ledger can answer is a secret.
 */
export class TokenLedger implements OAuthObserver {
  private readonly access = new Map<string, AccessRow>();
  private readonly refresh = new Map<string, RefreshRow>();
  private events: TokenEvent[] = [];
  private deniedTotal = 0;

  constructor(
    private readonly clock: () => number,
    private readonly rateLimit: TokenRateLimit | false,
  ) {}

  private event(kind: TokenEventKind, tokenType: 'refresh' | 'access', token: string, reason?: string): void {
    this.events.push({ time: new Date(this.clock()).toISOString(), kind, tokenType, token, ...(reason ? { reason } : {}) });
    if (this.events.length > EVENT_LIMIT) this.events = this.events.slice(-EVENT_LIMIT);
  }

  private static bound<T>(map: Map<string, T>): void {
    // Maps keep insertion order: the oldest token goes first.
    while (map.size > TOKEN_LIMIT) map.delete(map.keys().next().value as string);
  }

  refreshIssued(token: string, clientId: string): void {
    const masked = maskToken(token);
    this.refresh.set(masked, { token: masked, clientId, issuedAt: this.clock(), revokedAt: null, mintTimes: [], accessDenied: 0 });
    TokenLedger.bound(this.refresh);
    this.event('issued', 'refresh', masked);
  }

  accessIssued(token: string, clientId: string, refreshToken: string | undefined, expiresAt: number): void {
    const masked = maskToken(token);
    const parent = refreshToken === undefined ? null : maskToken(refreshToken);
    const now = this.clock();
    this.access.set(masked, { token: masked, refreshToken: parent, clientId, issuedAt: now, expiresAt, expiredAt: null, revokedAt: null });
    TokenLedger.bound(this.access);
    if (parent !== null) this.refresh.get(parent)?.mintTimes.push(now);
    this.event('issued', 'access', masked);
  }

  accessExpired(token: string): void {
    const row = this.access.get(maskToken(token));
    if (!row) return;
    row.expiredAt = this.clock();
    row.expiresAt = Math.min(row.expiresAt, row.expiredAt);
    this.event('expired', 'access', row.token);
  }

  tokenRevoked(token: string, tokenType: 'refresh' | 'access', reason: string): void {
    const masked = maskToken(token);
    const row = tokenType === 'refresh' ? this.refresh.get(masked) : this.access.get(masked);
    if (row) row.revokedAt = this.clock();
    this.event('revoked', tokenType, masked, reason);
  }

  accessDenied(refreshToken: string): void {
    const masked = maskToken(refreshToken);
    const row = this.refresh.get(masked);
    if (row) row.accessDenied++;
    this.deniedTotal++;
    this.event('access-denied', 'refresh', masked);
  }

  /** The Tokens view: refresh tokens with their budget, access tokens with their state, recent events. */
  snapshot(): {
    budget: { maxTokens: number; windowSeconds: number } | null;
    refreshTokens: Record<string, string | number | null>[];
    accessTokens: Record<string, string | null>[];
    events: TokenEvent[];
    accessDenied: number;
  } {
    const now = this.clock();
    const windowStart = this.rateLimit ? now - this.rateLimit.windowSeconds * 1000 : 0;
    const refreshTokens = [...this.refresh.values()].reverse().map((r) => ({
      token: r.token,
      clientId: r.clientId,
      issuedAt: iso(r.issuedAt),
      revokedAt: iso(r.revokedAt),
      budgetUsed: this.rateLimit ? r.mintTimes.filter((t) => t > windowStart).length : r.mintTimes.length,
      accessTokensMinted: r.mintTimes.length,
      accessDenied: r.accessDenied,
    }));
    const accessTokens = [...this.access.values()].reverse().map((a) => ({
      token: a.token,
      refreshToken: a.refreshToken,
      clientId: a.clientId,
      issuedAt: iso(a.issuedAt),
      expiresAt: iso(a.expiresAt),
      expiredAt: iso(a.expiredAt),
      revokedAt: iso(a.revokedAt),
      state: a.revokedAt !== null ? 'revoked' : a.expiresAt <= now ? 'expired' : 'live',
    }));
    return {
      budget: this.rateLimit ? { maxTokens: this.rateLimit.maxTokens, windowSeconds: this.rateLimit.windowSeconds } : null,
      refreshTokens,
      accessTokens,
      events: [...this.events].reverse(),
      accessDenied: this.deniedTotal,
    };
  }
}
