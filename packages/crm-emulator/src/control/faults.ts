import type { Random } from '../core/random.js';
import type { FaultKind, FaultRule } from '../options.js';
import { EmulatorError } from '../core/emulator-error.js';

const KINDS: readonly FaultKind[] = ['error-json', 'error-html', 'too-many-requests', 'reset', 'stall', 'truncate', 'delay'];

export class FaultRuleError extends EmulatorError {
  override readonly name = 'FaultRuleError';
  constructor(message: string) {
    super('INVALID_FAULT_RULE', message);
  }
}

interface ActiveRule {
  rule: Readonly<FaultRule>;
  pattern: RegExp;
  seen: number;
  injected: number;
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

export function validateFaultRule(rule: FaultRule): FaultRule {
  if (!KINDS.includes(rule.kind)) throw new FaultRuleError(`unknown fault kind ${String(rule.kind)} (one of ${KINDS.join(', ')})`);
  if (rule.rate !== undefined && (typeof rule.rate !== 'number' || rule.rate < 0 || rule.rate > 1)) {
    throw new FaultRuleError(`fault rate must be within 0..1, got ${String(rule.rate)}`);
  }
  for (const key of ['after', 'times', 'durationMs', 'retryAfterSeconds'] as const) {
    const value = rule[key];
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
      throw new FaultRuleError(`fault ${key} must be a non-negative number, got ${String(value)}`);
    }
  }
  if (rule.status !== undefined && (!Number.isInteger(rule.status) || rule.status < 500 || rule.status > 599)) {
    throw new FaultRuleError(`fault status must be a 5xx code, got ${String(rule.status)}`);
  }
  if (rule.phase !== undefined && rule.phase !== 'before' && rule.phase !== 'after') {
    throw new FaultRuleError(`fault phase must be "before" or "after"`);
  }
  if (rule.route !== undefined && typeof rule.route !== 'string') throw new FaultRuleError('fault route must be a string');
  return { ...rule };
}

/** Decides, deterministically for a given seed and request sequence, which request gets which fault. */
export class FaultController {
  private active: ActiveRule[] = [];

  constructor(private readonly random: Random) {}

  set(rules: readonly FaultRule[]): void {
    const validated = rules.map(validateFaultRule);
    this.active = validated.map((rule) => ({ rule, pattern: globToRegExp(rule.route ?? '*'), seen: 0, injected: 0 }));
  }

  rules(): FaultRule[] {
    return this.active.map((a) => ({ ...a.rule }));
  }

  pick(routeKey: string): FaultRule | undefined {
    for (const active of this.active) {
      if (!active.pattern.test(routeKey)) continue;
      active.seen++;
      if (active.seen <= (active.rule.after ?? 0)) continue;
      if (active.rule.times !== undefined && active.injected >= active.rule.times) continue;
      const rate = active.rule.rate ?? 1;
      if (rate < 1 && !this.random.chance(rate)) continue;
      active.injected++;
      return active.rule;
    }
    return undefined;
  }
}
