/**
 * Presets: `recommended` (the default) runs every rule at its `meta.severity`; `strict` runs it at
 * `meta.strictSeverity` when the rule sets one (rules off by default that strict turns on), else at
 * `meta.severity`. Config `rules:` entries override either.
 */
import type { RuleMeta } from '../engine/rule.js';
import type { SeveritySetting } from '../types.js';

export const PRESETS = ['recommended', 'strict'] as const;
export type PresetName = (typeof PRESETS)[number];

export function presetSeverity(meta: RuleMeta, preset: PresetName): SeveritySetting {
  return preset === 'strict' ? (meta.strictSeverity ?? meta.severity) : meta.severity;
}
