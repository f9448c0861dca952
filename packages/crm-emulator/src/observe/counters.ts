export interface EmulatorCounters {
  /** POSTs to /oauth/v2/token that reached Accounts, by grant_type (`other` = missing or unsupported). */
  tokenRequests: { authorization_code: number; refresh_token: number; other: number; total: number };
  /**
   * Hits per route key, e.g. `GET /crm/v8/Leads/{id}`, `PUT /crm/v8/Leads`, `POST /oauth/v2/token`;
   * requests to paths or modules the emulator does not serve all count under UNKNOWN_ROUTE_KEY.
   */
  routes: Record<string, number>;
  /** Answers per HTTP status (`0` = connection reset or stalled by a fault). */
  statuses: Record<string, number>;
  /** Faults injected. */
  faults: number;
  /** Every non-admin request. */
  total: number;
  /** Token requests answered `Access Denied` (Zoho's throttle: more than 10 access tokens per refresh token in 10 minutes). */
  accessDenied: number;
  /** The most CRM calls in flight at once since start or the last reset (429s of the cap included, as Zoho counts them). */
  peakConcurrentCalls: number;
}

/** The one bucket of every path the emulator does not serve. */
export const UNKNOWN_ROUTE_KEY = '(unknown path)';
/** Distinct route keys kept; a further key counts as unknown (known routes are far fewer). */
export const MAX_ROUTE_KEYS = 200;

export class Counters {
  private data: EmulatorCounters = Counters.empty();

  private static empty(): EmulatorCounters {
    return { tokenRequests: { authorization_code: 0, refresh_token: 0, other: 0, total: 0 }, routes: {}, statuses: {}, faults: 0, total: 0, accessDenied: 0, peakConcurrentCalls: 0 };
  }

  hitRoute(key: string, known = true): void {
    const routes = this.data.routes;
    const bucket = known && (key in routes || Object.keys(routes).length < MAX_ROUTE_KEYS) ? key : UNKNOWN_ROUTE_KEY;
    routes[bucket] = (routes[bucket] ?? 0) + 1;
    this.data.total++;
  }

  tokenRequest(grantType: string | undefined): void {
    const t = this.data.tokenRequests;
    if (grantType === 'authorization_code') t.authorization_code++;
    else if (grantType === 'refresh_token') t.refresh_token++;
    else t.other++;
    t.total++;
  }

  answered(status: number): void {
    this.data.statuses[String(status)] = (this.data.statuses[String(status)] ?? 0) + 1;
  }

  accessDeniedAnswer(): void {
    this.data.accessDenied++;
  }

  /** Called with the number of CRM calls in flight each time one starts. */
  concurrentCalls(inFlight: number): void {
    if (inFlight > this.data.peakConcurrentCalls) this.data.peakConcurrentCalls = inFlight;
  }

  fault(): void {
    this.data.faults++;
  }

  snapshot(): EmulatorCounters {
    return structuredClone(this.data);
  }

  reset(): void {
    this.data = Counters.empty();
  }
}
