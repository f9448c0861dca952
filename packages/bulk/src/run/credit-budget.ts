import type { SafeUpdateStrategy } from '@zcrmkit/crm-leads';

/** What a run needs of a credit budget: `@zcrmkit/fleet`'s `CreditBudget` is one. */
export interface CreditBudgetLike {
  usage(): Promise<{ remaining: number; limit: number }>;
}

/**
 * Credits a bulk update spends at most: the metadata reads, then per 100 rows one update and, with
 * prefetch, one read (Zoho charges at least 1 credit per call). Re-checked rows cost a read each 100.
 */
export function estimateBulkCredits(rows: number, strategy: SafeUpdateStrategy, rechecks = 0): number {
  const batches = Math.ceil(Math.max(0, rows - rechecks) / 100);
  return 2 + batches * (strategy === 'prefetch' ? 2 : 1) + Math.ceil(rechecks / 100);
}
