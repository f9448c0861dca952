import type { FaultKind } from '../options.js';

export interface RequestLogEntry {
  seq: number;
  /** ISO time the request arrived. */
  time: string;
  method: string;
  /** Path and query as sent, secret query values replaced by `***`. */
  path: string;
  /** Route key, as in counters().routes. */
  route: string;
  /** HTTP status answered; 0 when a fault reset or stalled the connection. */
  status: number;
  durationMs: number;
  fault?: FaultKind;
}

/** The most recent requests (never headers or bodies, so never a token), in a ring buffer. */
export class RequestLog {
  private ring: RequestLogEntry[] = [];
  private next = 0;
  private seq = 0;

  constructor(private readonly limit: number) {}

  /** Returns the entry's seq (numbered even when the log keeps nothing). */
  add(entry: Omit<RequestLogEntry, 'seq'>): number {
    if (this.limit === 0) return ++this.seq;
    const full = { seq: ++this.seq, ...entry };
    if (this.ring.length < this.limit) this.ring.push(full);
    else this.ring[this.next] = full;
    this.next = (this.next + 1) % this.limit;
    return full.seq;
  }

  list(): RequestLogEntry[] {
    const ordered = this.ring.length < this.limit ? this.ring : [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)];
    return ordered.map((e) => ({ ...e }));
  }

  clear(): void {
    this.ring = [];
    this.next = 0;
  }
}
