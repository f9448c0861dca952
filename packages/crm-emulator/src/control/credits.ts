const DAY_MS = 24 * 60 * 60 * 1000;
const BUCKET_MS = 60 * 1000;

/**
 * Zoho's API credits: at most `limit` in any rolling 24 hours. Calls are counted in one-minute
 * buckets (1,440 numbers at most, whatever the traffic), so a call leaves the window within a
 * minute of its 24 hours.
 */
export class CreditMeter {
  private readonly buckets = new Map<number, number>();
  private spent = 0;

  constructor(
    readonly limit: number | null,
    private readonly clock: () => number,
  ) {}

  /** Spends `credits` if the window has room; false (nothing spent) when it has not. */
  trySpend(credits = 1): boolean {
    if (this.limit === null) return true;
    const now = this.clock();
    this.expire(now);
    if (this.spent + credits > this.limit) return false;
    const bucket = Math.floor(now / BUCKET_MS);
    this.buckets.set(bucket, (this.buckets.get(bucket) ?? 0) + credits);
    this.spent += credits;
    return true;
  }

  /** Credits spent in the last 24 hours. */
  used(): number {
    this.expire(this.clock());
    return this.spent;
  }

  clear(): void {
    this.buckets.clear();
    this.spent = 0;
  }

  private expire(now: number): void {
    const oldest = Math.floor((now - DAY_MS) / BUCKET_MS);
    for (const [bucket, count] of this.buckets) {
      if (bucket > oldest) continue;
      this.buckets.delete(bucket);
      this.spent -= count;
    }
  }
}
