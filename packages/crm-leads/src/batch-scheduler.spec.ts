import { describe, expect, it } from '@jest/globals';
import { LearningGate, runBatches } from './batch-scheduler.js';

/** A task that records what was in flight when each batch started; each batch waits to be released. */
function harness() {
  const started: number[] = [];
  let inFlight = 0;
  let peak = 0;
  const waiting = new Map<number, () => void>();
  const task = (batch: number) =>
    new Promise<void>((resolve) => {
      started.push(batch);
      peak = Math.max(peak, ++inFlight);
      waiting.set(batch, () => {
        inFlight--;
        resolve();
      });
    });
  const release = (batch: number) => waiting.get(batch)?.();
  const tick = () => new Promise((r) => setImmediate(r));
  return { started, task, release, tick, peak: () => peak };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('runBatches', () => {
  it('keeps at most `concurrency` batches in flight, taken in input order', async () => {
    const h = harness();
    const done = runBatches(range(5), 2, h.task);
    await h.tick();
    expect(h.started).toEqual([0, 1]);
    h.release(1);
    await h.tick();
    expect(h.started).toEqual([0, 1, 2]);
    for (const b of range(5)) {
      h.release(b);
      await h.tick();
    }
    await done;
    expect(h.started).toEqual([0, 1, 2, 3, 4]);
    expect(h.peak()).toBe(2);
  });

  it('with a closed gate, the first batch runs alone until the gate opens', async () => {
    const h = harness();
    const gate = new LearningGate();
    const done = runBatches(range(4), 3, h.task, gate);
    await h.tick();
    expect(h.started).toEqual([0]);
    gate.open();
    await h.tick();
    await h.tick();
    expect(h.started).toEqual([0, 1, 2]);
    for (const b of range(4)) {
      h.release(b);
      await h.tick();
    }
    await done;
    expect(h.started).toEqual([0, 1, 2, 3]);
    expect(h.peak()).toBe(3);
  });

  it('opens up when the first batch ends without the gate opening (nothing was sent)', async () => {
    const h = harness();
    const done = runBatches(range(3), 3, h.task, new LearningGate());
    await h.tick();
    expect(h.started).toEqual([0]);
    h.release(0);
    await h.tick();
    await h.tick();
    expect(h.started).toEqual([0, 1, 2]);
    h.release(1);
    h.release(2);
    await done;
  });

  it('concurrency 1 runs strictly one batch after another', async () => {
    const order: string[] = [];
    await runBatches(range(3), 1, async (b) => {
      order.push(`start ${b}`);
      await new Promise((r) => setImmediate(r));
      order.push(`end ${b}`);
    });
    expect(order).toEqual(['start 0', 'end 0', 'start 1', 'end 1', 'start 2', 'end 2']);
  });

  it('starts the slots one event-loop turn apart, so the work of the first is under way before the next starts', async () => {
    const events: string[] = [];
    const done = runBatches(range(3), 3, async (b) => {
      events.push(`start ${b}`);
      // Work that takes only microtasks (as the SDK's steps before a request leaves) ends before the next slot starts.
      for (let i = 0; i < 20; i++) await Promise.resolve();
      events.push(`ready ${b}`);
    });
    await done;
    expect(events).toEqual(['start 0', 'ready 0', 'start 1', 'ready 1', 'start 2', 'ready 2']);
  });

  it('a slot that fails before the later ones start fails the run, as one that fails later does', async () => {
    const started: number[] = [];
    const run = runBatches(range(3), 3, async (b) => {
      started.push(b);
      if (b === 0) throw new Error('slot 0 failed');
    });
    await expect(run).rejects.toThrow('slot 0 failed');
    expect(started).toEqual([0, 1, 2]);
  });

  it('a source that counted batches it then does not hold ends the run, with the gate closed or open', async () => {
    let calls = 0;
    const empty = () => ({ count: 3, nextBatch: () => undefined });
    await runBatches(empty(), 2, async () => void calls++, new LearningGate());
    await runBatches(empty(), 2, async () => void calls++);
    expect(calls).toBe(0);
  });

  it('does nothing for no batches', async () => {
    let calls = 0;
    await runBatches([], 4, async () => void calls++, new LearningGate());
    expect(calls).toBe(0);
  });
});
