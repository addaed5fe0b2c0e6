/**
 * Fixing one file's text: lint, apply the fixes the rules attached, lint again, and repeat until
 * nothing fixable is left (bounded), because one fix can change what another rule sees; a fix that
 * would add a finding is not taken.
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

/**
 * The order of a pass's moves: regular init containers before native sidecars (a setup step runs
 * before the sidecars it does not use), then moves to the start last container first and moves to
 * the end first container first, so that containers moved over several passes keep their order.
 */
function moveOrder(fix: FixOperation): number {
  const index = fix.path[fix.path.length - 1];
  const position = typeof index === 'number' ? index : 0;
  const native = fix.kind === 'move-container' && fix.set?.restartPolicy === 'Always' ? 1_000_000 : 0;
  return native + (fix.kind === 'move-container' && fix.position === 'start' ? -position : position);
}

function keyOf(finding: Finding & { fix: FixOperation }): string {
  return JSON.stringify([finding.documentIndex, finding.ruleId, finding.fix.kind, finding.fix.path]);
}

/**
 * What makes two findings the same finding across a fix: the document, the object, the rule and the
 * container (or the field, for a finding about the pod). Lines and messages may change when a fix
 * moves or edits something; the problem stays the same one.
 */
function identityOf(finding: Finding): string {
  const object = finding.object === undefined ? '' : `${finding.object.kind}/${finding.object.namespace ?? ''}/${finding.object.name}`;
  const subject = finding.container ?? (finding.path !== undefined ? JSON.stringify(finding.path) : finding.message);
  return JSON.stringify([finding.documentIndex, object, finding.ruleId, subject]);
}

/** The findings of `after` that `before` does not have (counted: a second finding of one kind is new too). */
export function addedFindings(before: readonly Finding[], after: readonly Finding[]): Finding[] {
  const counts = new Map<string, number>();
  for (const finding of before) counts.set(identityOf(finding), (counts.get(identityOf(finding)) ?? 0) + 1);
  const added: Finding[] = [];
  for (const finding of after) {
    const key = identityOf(finding);
    const left = counts.get(key) ?? 0;
    if (left > 0) counts.set(key, left - 1);
    else added.push(finding);
  }
  return added;
}

/** `rule (container "x")` for the refusal message: what a fix would have added. */
function describeAdded(added: readonly Finding[]): string {
  const shown = added.slice(0, 2).map((finding) => (finding.container !== undefined ? `${finding.ruleId} on "${finding.container}"` : finding.ruleId));
  const more = added.length > 2 ? ` and ${added.length - 2} more` : '';
  return `it would add ${shown.join(', ')}${more}, which the file does not have now; fix it by hand`;
}

/**
 * Fix one file: lint, apply the fixes the rules attached, lint again, and repeat to a fixed point
 * (at most MAX_FIX_PASSES passes; ESLint's multipass). A fix is kept only when the file it makes has
 * no finding the file before it did not have (`addedFindings`): a pass whose fixes add one is redone
 * fix by fix, and a fix that adds one is refused with what it would add. So the report after --fix
 * never holds a finding the input did not.
 */
export function fixText(filePath: string, original: string, options: EngineOptions, filter: FixFilter = {}): TextFixResult {
  let text = original;
  let findings: readonly Finding[] = lintText(filePath, text, options);
  const applied: Finding[] = [];
  const edits: AppliedEdit[] = [];
  const refused = new Map<string, RefusedFix>();
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    const candidates = findings.filter((finding) => wanted(finding, filter)).filter((finding) => !refused.has(keyOf(finding)));
    if (candidates.length === 0) break;
    // Edits first (their paths survive each other), then one move per document (it shifts indices), in `moveOrder`.
    const moves = candidates.filter((f) => f.fix.kind === 'move-container').sort((a, b) => moveOrder(a.fix) - moveOrder(b.fix));
    const ordered = [...candidates.filter((f) => f.fix.kind !== 'move-container'), ...moves];
    const whole = applyPass(text, ordered, refused);
    if (!whole.changed) break;
    const after = lintText(filePath, whole.text, options);
    // Some fix of this pass adds a finding: take them one at a time, and keep only those that add none.
    const result = addedFindings(findings, after).length === 0 ? { ...whole, findings: after } : applyPass(text, ordered, refused, (next, before) => {
      const linted = lintText(filePath, next, options);
      const added = addedFindings(before, linted);
      return added.length > 0 ? { refused: describeAdded(added) } : { findings: linted };
    }, findings);
    text = result.text;
    applied.push(...result.applied);
    edits.push(...result.edits);
    findings = result.findings ?? findings;
    if (!result.changed) break;
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

/** What a fix made of the file: kept with its findings, or refused with why. */
type Check = (text: string, before: readonly Finding[]) => { readonly findings: readonly Finding[] } | { readonly refused: string };

/**
 * One pass's fixes applied in order (every edit, one move per document). Without `check` nothing is
 * linted in between; with it, each fix's result is checked against the findings before it and kept
 * or refused one by one.
 */
function applyPass(
  original: string,
  ordered: readonly (Finding & { fix: FixOperation })[],
  refused: Map<string, RefusedFix>,
  check?: Check,
  initial?: readonly Finding[],
): { readonly text: string; readonly changed: boolean; readonly applied: readonly Finding[]; readonly edits: readonly AppliedEdit[]; readonly findings?: readonly Finding[] } {
  let text = original;
  let findings = initial;
  const applied: Finding[] = [];
  const edits: AppliedEdit[] = [];
  const moved = new Set<number>();
  let changed = false;
  for (const finding of ordered) {
    if (finding.fix.kind === 'move-container' && moved.has(finding.documentIndex)) continue;
    const outcome = applyFix(text, finding.documentIndex, finding.fix);
    if ('refused' in outcome) {
      // An earlier fix of this pass may have done its work already: judge it again next pass.
      if (!changed) refused.set(keyOf(finding), { finding, reason: outcome.refused });
      continue;
    }
    if (check !== undefined) {
      const checked = check(outcome.text, findings ?? []);
      if ('refused' in checked) {
        refused.set(keyOf(finding), { finding, reason: checked.refused });
        continue;
      }
      findings = checked.findings;
    }
    text = outcome.text;
    applied.push(finding);
    edits.push(outcome.splices);
    changed = true;
    if (finding.fix.kind === 'move-container') moved.add(finding.documentIndex);
  }
  return { text, changed, applied, edits, ...(findings !== undefined ? { findings } : {}) };
}
