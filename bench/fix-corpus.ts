/**
 * Stress the fixer over a folder of real manifests (e.g. a copy of ../shared/corpus/bulk): for every
 * pod spec, try each fix operation kind where it could apply (readOnly on the first volume mount,
 * `tail -f` → `tail -F` in command/args strings, moving each non-first container to initContainers as
 * a native sidecar) and check every applied edit independently: the result parses, every document
 * equals the original apart from the fixed field, and only lines of the fixed node changed.
 *
 *   npx tsc -p tsconfig.json --outDir /tmp/sl-build && node /tmp/sl-build/bench/fix-corpus.js <folder>
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { expectedValue, applyFix } from '../src/fixer.js';
import type { FixOperation } from '../src/fix.js';
import { loadSource } from '../src/source.js';
import { podSpecsOf } from '../src/workloads.js';

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
    }
  });
  return ops;
}

function changedLines(before: string, after: string): number {
  const a = before.split('\n');
  const b = after.split('\n');
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  return a.length - head - tail + (b.length - head - tail);
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
      }
    }
  }
  if (touched) files++;
}
for (const [key, count] of [...counts.entries()].sort((a, b) => b[1] - a[1])) console.log(`${String(count).padStart(6)}  ${key}`);
console.log(`files with an applied edit: ${files}; changed lines (sum over edits, each against the original): ${lines}; independent check failures: ${failures}`);
