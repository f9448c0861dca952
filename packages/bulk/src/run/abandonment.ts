/**
 * The second Ctrl-C of a bulk run: every group waits on it alongside its own update. Racing each
 * group against one never-settling promise would leave a reaction on that promise per group, each
 * holding the group's settled outcomes — the whole run in memory by its end. Here a group's wait
 * is dropped as soon as the group settles.
 */
export class Abandonment {
  #abandoned = false;
  readonly #waiting = new Set<() => void>();

  /** Settles every wait in progress (and any later one) as `'abandoned'`. */
  abandon(): void {
    this.#abandoned = true;
    for (const settle of this.#waiting) settle();
    this.#waiting.clear();
  }

  /** Waits still registered (each is removed when its group settles). */
  get waiting(): number {
    return this.#waiting.size;
  }

  /** `run`'s outcome, or `'abandoned'` if `abandon()` comes first. */
  race<T>(run: Promise<T>): Promise<T | 'abandoned'> {
    if (this.#abandoned) return Promise.resolve('abandoned');
    return new Promise<T | 'abandoned'>((resolve, reject) => {
      const settle = () => resolve('abandoned');
      this.#waiting.add(settle);
      run.then(
        (value) => {
          this.#waiting.delete(settle);
          resolve(value);
        },
        (err: unknown) => {
          this.#waiting.delete(settle);
          reject(err);
        },
      );
    });
  }
}
