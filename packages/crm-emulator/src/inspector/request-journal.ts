import type { JsonValue } from '../core/json.js';

/** What the Requests view shows when one request is opened; every secret already masked. */
export interface RequestDetail {
  seq: number;
  /** Module and record ids the call named or answered for. */
  module: string | null;
  recordIds: string[];
  requestHeaders: Record<string, string>;
  requestBody: JsonValue | null;
  responseBody: JsonValue | null;
  /** True when a body was cut at the journal's size limit. */
  truncated: boolean;
}

/** Request details by seq, for the most recent requests (the request log's limit). */
export class RequestJournal {
  private readonly details = new Map<number, RequestDetail>();

  constructor(private readonly limit: number) {}

  add(detail: RequestDetail): void {
    if (this.limit === 0) return;
    this.details.set(detail.seq, detail);
    while (this.details.size > this.limit) this.details.delete(this.details.keys().next().value as number);
  }

  get(seq: number): RequestDetail | undefined {
    const detail = this.details.get(seq);
    return detail ? structuredClone(detail) : undefined;
  }

  /** Record ids per seq, for the list view. */
  summary(seq: number): { module: string | null; recordIds: string[] } | undefined {
    const detail = this.details.get(seq);
    return detail ? { module: detail.module, recordIds: [...detail.recordIds] } : undefined;
  }

  clear(): void {
    this.details.clear();
  }
}
