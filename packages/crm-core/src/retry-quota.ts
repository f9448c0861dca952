/**
 * One retry budget for every call of a process, after the AWS SDK's retry quota: a retry takes
 * RETRY_COST (a timeout, TIMEOUT_RETRY_COST), a call that succeeds gives back what its retries took
 * or, without retries, NO_RETRY_INCREMENT. In a fault storm the budget runs dry after about
 * capacity / 5 retries and calls then fail at their first failure, so the storm is not multiplied;
 * as calls succeed again the budget refills.
 */
export const RETRY_COST = 5;
export const TIMEOUT_RETRY_COST = 10;
export const NO_RETRY_INCREMENT = 1;

export class RetryQuota {
  #available: number;

  constructor(readonly capacity: number) {
    this.#available = capacity;
  }

  get available(): number {
    return this.#available;
  }

  /** Takes `cost` for a retry; false when the budget cannot pay it (then no retry). */
  take(cost: number): boolean {
    if (this.#available < cost) return false;
    this.#available -= cost;
    return true;
  }

  /** After a call succeeded: what its retries took back, or the small increment. */
  settle(spent: number): void {
    this.#available = Math.min(this.capacity, this.#available + (spent > 0 ? spent : NO_RETRY_INCREMENT));
  }
}
