import type { JsonValue } from '../core/json.js';
import { parseFormBody } from '../http/request-body.js';
import { maskForm, maskJson, maskSecretString } from './secret-mask.js';

/** What the Requests view shows when one request is opened; every secret masked. */
export interface RequestDetail {
  seq: number;
  /** Module and record ids the call named or answered for. */
  module: string | null;
  recordIds: string[];
  requestHeaders: Record<string, string>;
  requestBody: JsonValue | null;
  responseBody: JsonValue | null;
  /** Why a body is missing although the request had one (too large, or dropped to bound memory). */
  bodiesNote?: string;
}

/** A request as recorded: raw bodies, masked only when someone reads them (the hot path stays cheap). */
export interface JournalEntry {
  seq: number;
  module: string | null;
  recordIds: string[];
  requestHeaders: Record<string, string>;
  /** Token and revoke requests carry form fields, everything else JSON. */
  form: boolean;
  requestBody: Buffer | undefined;
  /** The answer's bytes as sent. */
  response: { bytes: Buffer; contentType: string } | undefined;
  /** Bytes held by the bodies, for the journal's memory bound. */
  bytes: number;
  note?: string;
}

function parseJson(text: string): JsonValue | null {
  if (text === '') return null;
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return text;
  }
}

export interface JournalLimits {
  /** Entries kept (ids and headers): the request log's limit. */
  entries: number;
  /** Bytes of bodies kept across entries; older entries lose their bodies first. */
  bodyBytes: number;
}

/** Request details by seq for the most recent requests; bodies within a byte budget. */
export class RequestJournal {
  private readonly entries = new Map<number, JournalEntry>();
  private bodyBytes = 0;

  constructor(private readonly limits: JournalLimits) {}

  add(entry: JournalEntry): void {
    if (this.limits.entries === 0) return;
    this.entries.set(entry.seq, entry);
    this.bodyBytes += entry.bytes;
    while (this.entries.size > this.limits.entries) this.drop(this.entries.keys().next().value as number, true);
    // Oldest first: Maps iterate in insertion order.
    for (const seq of this.entries.keys()) {
      if (this.bodyBytes <= this.limits.bodyBytes) break;
      this.drop(seq, false);
    }
  }

  private drop(seq: number, whole: boolean): void {
    const entry = this.entries.get(seq);
    if (!entry) return;
    this.bodyBytes -= entry.bytes;
    if (whole) {
      this.entries.delete(seq);
      return;
    }
    entry.bytes = 0;
    if (entry.requestBody !== undefined || entry.response !== undefined) {
      entry.requestBody = undefined;
      entry.response = undefined;
      entry.note = 'bodies no longer kept (older requests lose them first, to bound memory)';
    }
  }

  get(seq: number): RequestDetail | undefined {
    const entry = this.entries.get(seq);
    if (!entry) return undefined;
    const { requestBody: raw, response } = entry;
    const requestBody = raw === undefined || raw.length === 0 ? null : entry.form ? maskForm(parseFormBody(raw, entry.requestHeaders['content-type'])) : maskJson(parseJson(raw.toString('utf8')));
    const text = response?.bytes.toString('utf8') ?? '';
    const responseBody = text === '' ? null : /json/i.test(response?.contentType ?? '') ? maskJson(parseJson(text)) : maskSecretString(text);
    return {
      seq,
      module: entry.module,
      recordIds: [...entry.recordIds],
      requestHeaders: { ...entry.requestHeaders },
      requestBody,
      responseBody,
      ...(entry.note !== undefined ? { bodiesNote: entry.note } : {}),
    };
  }

  /** Module and record ids per seq, for the list view. */
  summary(seq: number): { module: string | null; recordIds: string[] } | undefined {
    const entry = this.entries.get(seq);
    return entry ? { module: entry.module, recordIds: [...entry.recordIds] } : undefined;
  }

  clear(): void {
    this.entries.clear();
    this.bodyBytes = 0;
  }
}
