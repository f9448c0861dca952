import { ORG_ID_PREFIX } from '../../core/formats.js';
import type { ModuleDef } from './field-defs.js';

// Metadata ids are stable 19-digit numbers derived from positions, so that every run (and every
// seed) describes the same org.
const id = (serial: number): string => `${ORG_ID_PREFIX}${String(serial).padStart(6, '0')}`;

export const moduleId = (module: ModuleDef): string => id(2_000 + module.sequence);
export const fieldId = (module: ModuleDef, index: number): string => id(3_000 + module.sequence * 100 + index);
export const layoutId = (module: ModuleDef): string => id(9_100 + module.sequence);
export const layoutRuleId = (module: ModuleDef): string => id(9_150 + module.sequence);
export const sectionId = (module: ModuleDef, index: number): string => id(9_200 + module.sequence * 10 + index);
export const customViewId = (module: ModuleDef): string => id(8_700 + module.sequence);
export const picklistValueId = (module: ModuleDef, field: number, value: number): string =>
  id(400_000 + module.sequence * 10_000 + field * 100 + value);
