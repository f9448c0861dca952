import { describe, expect, it } from '@jest/globals';
import { formatZohoDateTime, isIsoDate, isZohoDateTime } from './time.js';

describe('Zoho time formats', () => {
  it('renders the org offset without milliseconds', () => {
    expect(formatZohoDateTime(Date.UTC(2025, 0, 6, 3, 30, 15, 999))).toBe('2025-01-06T09:00:15+05:30');
    expect(formatZohoDateTime(Date.UTC(2025, 0, 6, 3, 30), -300)).toBe('2025-01-05T22:30:00-05:00');
    expect(Date.parse(formatZohoDateTime(Date.UTC(2025, 5, 1, 12)))).toBe(Date.UTC(2025, 5, 1, 12));
  });

  it('accepts date-times with an offset or Z (what the SDK sends), rejects others', () => {
    expect(isZohoDateTime('2025-01-06T09:00:15+05:30')).toBe(true);
    expect(isZohoDateTime('2025-01-06T09:00:15Z')).toBe(true);
    expect(isZohoDateTime('2025-01-06 09:00:15')).toBe(false);
    expect(isZohoDateTime('2025-01-06T09:00:15')).toBe(false);
    expect(isZohoDateTime('2025-13-06T09:00:15Z')).toBe(false);
  });

  it('accepts real calendar dates only', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2024-2-9')).toBe(false);
  });
});
