/**
 * Fixing one file's text: lint, apply the fixes the rules attached, lint again, and repeat until
 * nothing fixable is left (bounded), because one fix can change what another rule sees.
 */
import { applyFix } from './apply-fix.js';
import type { AppliedSplice } from './apply-fix.js';
import type { EngineOptions } from '../engine/lint-source.js';
import { lintText } from '../engine/lint.js';
import type { Finding, FixOperation, FixType } from '../types.js';

/** The `--fix-type` values, each fix operation's type. */
export const FIX_TYPES: readonly FixType[] = ['edit', 'move'];

export function fixTypeOf(operation: FixOperation): FixType {
  return operation.kind === 'move-container' ? 'move' : 'edit';
}

export interface FixFilter {
  /** Fix only findings of these rules (all fixable rules when absent). */
  readonly rules?: ReadonlySet<string>;
  /** Fix only these kinds of fixes (all when absent). */
  readonly types?: ReadonlySet<FixType>;
}

export interface RefusedFix {
  readonly finding: Finding;
  readonly reason: string;
}

/** The splices of one applied fix, on the text as it was before that fix. */
export type AppliedEdit = readonly AppliedSplice[];

export interface TextFixResult {
  readonly text: string;
  /** One entry per applied fix, in the order applied (parallel to `applied`). */
  readonly edits: readonly AppliedEdit[];
  /** Findings whose fix was applied, in the order applied. */
  readonly applied: readonly Finding[];
  /** Fixes that were not applied, with the reason (the finding remains). */
  readonly refused: readonly RefusedFix[];
  /** What the fixed text still reports. */
  readonly findings: readonly Finding[];
}

/** Passes over one file; each pass applies every edit and at most one move per document. */
export const MAX_FIX_PASSES = 10;

function wanted(finding: Finding, filter: FixFilter): finding is Finding & { fix: FixOperation } {
  if (!finding.fix) return false;
  if (filter.rules && !filter.rules.has(finding.ruleId)) return false;
  if (filter.types && !filter.types.has(fixTypeOf(finding.fix))) return false;
  return true;
}

function moveOrder(fix: FixOperation): number {
  const index = fix.path[fix.path.length - 1];
  const position = typeof index === 'number' ? index : 0;
  return fix.kind === 'move-container' && fix.position === 'start' ? -position : position;
}

function keyOf(finding: Finding & { fix: FixOperation }): string {
  return JSON.stringify([finding.documentIndex, finding.ruleId, finding.fix.kind, finding.fix.path]);
}

export function fixText(filePath: string, original: string, options: EngineOptions, filter: FixFilter = {}): TextFixResult {
  let text = original;
  let findings = lintText(filePath, text, options);
  const applied: Finding[] = [];
  const edits: AppliedEdit[] = [];
  const refused = new Map<string, RefusedFix>();
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    const candidates = findings.filter((finding) => wanted(finding, filter)).filter((finding) => !refused.has(keyOf(finding)));
    if (candidates.length === 0) break;
    // Edits first (their paths survive each other), then one move per document (it shifts indices).
    // Moves to the start go last container first and moves to the end first container first, so
    // that containers moved over several passes keep their order.
    const moves = candidates.filter((f) => f.fix.kind === 'move-container').sort((a, b) => moveOrder(a.fix) - moveOrder(b.fix));
    const ordered = [...candidates.filter((f) => f.fix.kind !== 'move-container'), ...moves];
    const moved = new Set<number>();
    let changed = false;
    for (const finding of ordered) {
      if (finding.fix.kind === 'move-container') {
        if (moved.has(finding.documentIndex)) continue;
      }
      const outcome = applyFix(text, finding.documentIndex, finding.fix);
      if ('refused' in outcome) {
        // An earlier fix of this pass may have done its work already: judge it again next pass.
        if (!changed) refused.set(keyOf(finding), { finding, reason: outcome.refused });
        continue;
      }
      text = outcome.text;
      applied.push(finding);
      edits.push(outcome.splices);
      changed = true;
      if (finding.fix.kind === 'move-container') moved.add(finding.documentIndex);
    }
    findings = lintText(filePath, text, options);
    if (!changed) break;
  }
  const remaining = new Set(findings.filter((finding) => wanted(finding, filter)).map(keyOf));
  return {
    text,
    applied,
    edits,
    refused: [...refused.entries()].filter(([key]) => remaining.has(key)).map(([, value]) => value),
    findings,
  };
}
