import type { Random } from '../core/random.js';
import type { LatencySpec } from '../options.js';

export class Latency {
  private spec: LatencySpec;

  constructor(
    private readonly random: Random,
    spec: LatencySpec,
  ) {
    this.spec = { ...spec };
  }

  set(spec: LatencySpec): void {
    this.spec = { ...spec };
  }

  get(): LatencySpec {
    return { ...this.spec };
  }

  /** Milliseconds to hold the next request: fixed part plus seeded jitter. */
  next(): number {
    const { fixedMs, jitterMs } = this.spec;
    return jitterMs > 0 ? fixedMs + this.random.next() * jitterMs : fixedMs;
  }
}
