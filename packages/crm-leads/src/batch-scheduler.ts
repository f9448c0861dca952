/**
 * Opens once: the moment the run knows what the org requires on update. Until then only the first
 * batch runs, so that a field Zoho demands is learned by one refused update instead of by every
 * batch in flight (each of which would pay its own refused call).
 */
export class LearningGate {
  #open!: () => void;
  #isOpen = false;
  readonly opened: Promise<void> = new Promise<void>((resolve) => (this.#open = resolve));

  get isOpen(): boolean {
    return this.#isOpen;
  }

  open(): void {
    if (this.#isOpen) return;
    this.#isOpen = true;
    this.#open();
  }
}

/** Batches made as they are taken; `count` is how many there can be at most. */
export interface BatchSource<T> {
  nextBatch(): T | undefined;
  readonly count: number;
}

function arraySource<T>(batches: readonly T[]): BatchSource<T> {
  let next = 0;
  return { count: batches.length, nextBatch: () => (next < batches.length ? batches[next++] : undefined) };
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Starts `count` slots one event-loop turn apart. Started in the same turn, the slots' first calls
 * pass the SDK's many async steps in lockstep, so the first request leaves only when every slot's
 * is ready; a turn apart, the first slot's request leaves at once, and its answer is on its way
 * back while the others are being prepared.
 */
async function staggered(count: number, start: () => Promise<void>): Promise<void> {
  const running: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    if (i > 0) await nextTurn();
    const slot = start();
    // Promise.all below reports a failure; until it is reached, one must not count as unhandled.
    slot.catch(() => undefined);
    running.push(slot);
  }
  await Promise.all(running);
}

/**
 * Runs `task` over `batches` with at most `concurrency` in flight, taken in input order; each
 * batch makes one call at a time, so calls in flight stay within the same budget. With a closed
 * `gate`, the first batch starts alone and the others start when the gate opens or the first batch
 * is done, whichever comes first. While batch n writes, batch n+1 (another slot) reads.
 */
export async function runBatches<T>(batches: readonly T[] | BatchSource<T>, concurrency: number, task: (batch: T) => Promise<void>, gate?: LearningGate, stopped?: () => boolean): Promise<void> {
  const source = Array.isArray(batches) ? arraySource(batches as readonly T[]) : (batches as BatchSource<T>);
  // Once stopped, no batch is taken: the caller settles the ones never started.
  const take = (): T | undefined => (stopped?.() ? undefined : source.nextBatch());
  const drain = async (): Promise<void> => {
    for (let batch = take(); batch !== undefined; batch = take()) await task(batch);
  };
  const slots = Math.min(Math.max(1, concurrency), source.count);
  if (slots === 0) return;
  if (!gate || gate.isOpen || slots === 1) {
    await staggered(slots, drain);
    return;
  }
  // A source may hold fewer batches than it counted (its records' changes all refused): maybe none.
  const first = take();
  if (first === undefined) return;
  const probe = task(first);
  const opened = Promise.race([gate.opened, probe.then(
    () => undefined,
    () => undefined,
  )]);
  const others = opened.then(() => staggered(slots - 1, drain));
  // The probing slot joins the others once its batch is done.
  await Promise.all([probe.then(drain), others]);
}
