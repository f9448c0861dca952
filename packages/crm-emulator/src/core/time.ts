/**
 * Zoho renders times in the org's time zone with an explicit offset and no milliseconds,
 * e.g. 2025-01-06T09:00:00+05:30. The emulated org sits in Asia/Kolkata (no daylight saving),
 * so the offset is fixed.
 */
export const ORG_TIME_ZONE = 'Asia/Kolkata';
export const ORG_OFFSET_MINUTES = 330;

// The last answer: every record a write touches is stamped with the same second.
let lastFormatted: { second: number; offsetMinutes: number; text: string } | undefined;

export function formatZohoDateTime(epochMs: number, offsetMinutes = ORG_OFFSET_MINUTES): string {
  const second = Math.floor(epochMs / 1000);
  if (lastFormatted !== undefined && lastFormatted.second === second && lastFormatted.offsetMinutes === offsetMinutes) return lastFormatted.text;
  const text = formatUncached(epochMs, offsetMinutes);
  lastFormatted = { second, offsetMinutes, text };
  return text;
}

function formatUncached(epochMs: number, offsetMinutes: number): string {
  const shifted = new Date(Math.floor(epochMs / 1000) * 1000 + offsetMinutes * 60_000);
  const sign = offsetMinutes >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMinutes);
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${shifted.toISOString().slice(0, 19)}${offset}`;
}

export function formatDate(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:\d{2})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isZohoDateTime(value: string): boolean {
  return DATE_TIME.test(value) && !Number.isNaN(Date.parse(value));
}

export function isIsoDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}
