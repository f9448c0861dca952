/** The automation names Zoho documents for `trigger` on writes. */
export const TRIGGER_NAMES: readonly string[] = Object.freeze(['workflow', 'approval', 'blueprint', 'pathfinder', 'orchestration']);

/** Zoho's trigger values are lower-case (`workflow`); `Workflow` is not one of them. */
const TRIGGER = /^[a-z_]+$/;

/** The one rule for a `trigger` value, shared by every package that passes one on. */
export function isTriggerName(value: unknown): value is string {
  return typeof value === 'string' && TRIGGER.test(value);
}
