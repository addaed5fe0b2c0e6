/**
 * Stress the fixer over a folder of real manifests (e.g. a copy of ../shared/corpus/bulk): for every
 * pod spec, try each fix operation kind where it could apply (readOnly on the first volume mount,
 * `tail -f` → `tail -F` in command/args strings, moving each non-first container to initContainers as
 * a native sidecar, or to the end of it as an init container) and check every applied edit
 * independently: the result parses, every document equals the original apart from the fixed
 * field, and only lines of the fixed node changed.
 *
 *   npx tsc -p tsconfig.json --outDir /tmp/sl-build && node /tmp/sl-build/bench/fix-corpus.js <folder>
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { expectedValue, applyFix } from '../src/fix/apply-fix.js';
import type { FixOperation } from '../src/types.js';
import { unifiedDiff } from '../src/fix/diff.js';
import { loadSource } from '../src/load/source.js';
import { podSpecsOf } from '../src/load/workloads.js';

function operationsFor(spec: Record<string, unknown>, base: readonly (string | number)[]): FixOperation[] {
  const ops: FixOperation[] = [];
  const containers = Array.isArray(spec.containers) ? (spec.containers as unknown[]) : [];
  containers.forEach((raw, index) => {
    if (typeof raw !== 'object' || raw === null) return;
    const container = raw as Record<string, unknown>;
    const path = [...base, 'containers', index];
    if (Array.isArray(container.volumeMounts) && container.volumeMounts.length > 0) {
      ops.push({ kind: 'set', path: [...path, 'volumeMounts', 0], key: 'readOnly', value: true });
    }
    for (const field of ['command', 'args'] as const) {
      const list = container[field];
      if (!Array.isArray(list)) continue;
      list.forEach((item, itemIndex) => {
        if (typeof item === 'string' && /\btail\b[^|;&]*\s-f\b/.test(item)) {
          ops.push({ kind: 'replace-in-scalar', path: [...path, field, itemIndex], from: /(\btail\b[^|;&]*\s)-f\b/g, to: '$1-F' });
        }
      });
    }
    if (index > 0 && container.restartPolicy === undefined) {
      ops.push({ kind: 'move-container', path, to: 'initContainers', position: 'start', set: { restartPolicy: 'Always' } });
      ops.push({ kind: 'move-container', path, to: 'initContainers', position: 'end' });
    }
  });
  return ops;
}

/** Lines (trimmed; moves re-indent) in `a` that `b` lacks, counted as multisets. */
function missing(a: string, b: string): string[] {
  const left = new Map<string, number>();
  for (const line of b.split(/\r?\n/)) left.set(line.trim(), (left.get(line.trim()) ?? 0) + 1);
  const out: string[] = [];
  for (const line of a.split(/\r?\n/)) {
    const count = left.get(line.trim()) ?? 0;
    if (count > 0) left.set(line.trim(), count - 1);
    else out.push(line.trim());
  }
  return out;
}

/** Lines a unified diff removes or adds (the size of the change as a reviewer sees it). */
function changedLines(before: string, after: string): number {
  return unifiedDiff('f', before, after)
    .split('\n')
    .slice(2)
    .filter((line) => /^[-+]/.test(line)).length;
}

const folder = process.argv[2];
if (!folder) throw new Error('usage: fix-corpus <folder>');
const counts = new Map<string, number>();
const bump = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
let failures = 0;
let lines = 0;
let files = 0;
for (const name of readdirSync(folder).sort()) {
  if (!/\.(ya?ml|json)$/.test(name)) continue;
  const text = readFileSync(join(folder, name), 'utf8');
  const source = loadSource(name, text);
  let touched = false;
  for (const object of source.objects) {
    for (const location of podSpecsOf(object.value, object.ref.kind)) {
      for (const operation of operationsFor(location.spec, [...object.pathPrefix, ...location.path])) {
        const outcome = applyFix(text, object.documentIndex, operation);
        if ('refused' in outcome) {
          bump(`${operation.kind} refused: ${outcome.refused}`);
          continue;
        }
        bump(`${operation.kind} applied`);
        touched = true;
        // Independent check: same documents apart from the fixed field.
        const before = parseAllDocuments(text, { version: '1.1' }) as unknown as { toJS(): unknown }[];
        const after = parseAllDocuments(outcome.text, { version: '1.1' }) as unknown as { toJS(): unknown; errors: unknown[] }[];
        const expected = before.map((doc, index) => (index === object.documentIndex ? expectedValue(doc.toJS(), operation) : doc.toJS()));
        if (after.some((doc) => doc.errors.length > 0) || !isDeepStrictEqual(after.map((doc) => doc.toJS()), expected)) {
          failures++;
          console.error(`MISMATCH ${name} ${JSON.stringify(operation.path)}`);
        }
        lines += changedLines(text, outcome.text);
        // Only the fixed node's lines may change. A move takes the container's lines out and puts
        // them back re-indented, adding only the keys it sets and an `initContainers:` line; an
        // edit changes or adds one line.
        const gone = missing(text, outcome.text);
        const added = missing(outcome.text, text);
        const allowed =
          operation.kind === 'move-container'
            ? gone.length === 0 && added.every((line) => line === 'initContainers:' || line === 'restartPolicy: Always')
            : gone.length <= 1 && added.length === 1;
        if (!allowed) {
          failures++;
          console.error(`EXTRA CHANGES ${name} ${JSON.stringify(operation.path)}: -${JSON.stringify(gone)} +${JSON.stringify(added)}`);
        }
      }
    }
  }
  if (touched) files++;
}
for (const [key, count] of [...counts.entries()].sort((a, b) => b[1] - a[1])) console.log(`${String(count).padStart(6)}  ${key}`);
console.log(`files with an applied edit: ${files}; diff lines (-/+, summed over edits): ${lines}; independent check failures: ${failures}`);
