/**
 * Property: `--fix` changes only the ranges its edits name. For the fix fixtures, the examples and
 * a small slice of real manifests, written in UTF-8 with and without a BOM or UTF-16 LE/BE, with
 * LF, CRLF or mixed line endings, with comment lines and string escapes of random text added:
 * the file written by `fixPaths`, with every edit reverted, is the original byte for byte, and every
 * added comment and escape is still there. A file whose bytes do not survive decoding (a lone
 * surrogate, a stray last byte in UTF-16) is left exactly as it was.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { Document, isScalar, parseDocument } from 'yaml';
import type { Scalar, YAMLMap } from 'yaml';
import { expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { resolveConfig } from '../src/config/config.js';
import type { EngineOptions } from '../src/engine/lint-source.js';
import { fixPaths } from '../src/fix/fix-files.js';
import { fixText } from '../src/fix/fix-text.js';
import type { AppliedEdit, FixFilter } from '../src/fix/fix-text.js';
import { applyFix } from '../src/fix/apply-fix.js';
import type { AppliedSplice } from '../src/fix/apply-fix.js';
import { tailFollowByNameFix } from '../src/fix/builders.js';
import { loadSource } from '../src/load/source.js';
import { isRecord } from '../src/load/values.js';
import { podSpecsOf } from '../src/load/workloads.js';
import { scalarSource } from '../src/fix/scalar-source.js';
import type { FixOperation } from '../src/types.js';
import { decode, encode } from '../src/load/decode.js';
import type { Encoding } from '../src/load/decode.js';
import { ROOT } from './helpers/cli.js';
import { settingsIn } from './helpers/expectations.js';
import { itWhere } from './helpers/skip.js';

interface Source {
  readonly name: string;
  readonly text: string;
  readonly options: EngineOptions;
  readonly filter: FixFilter;
}

async function source(name: string, text: string): Promise<Source> {
  const { kubeVersion } = settingsIn(text);
  const config = await resolveConfig(undefined, builtinRules, kubeVersion ? { kubernetesVersion: kubeVersion } : {});
  const options: EngineOptions = { rules: config.rules, kubernetesVersion: config.kubernetesVersion };
  const rules = /^#\s*fix-rules:\s*(.+)$/m.exec(text)?.[1];
  return { name, text, options, filter: rules ? { rules: new Set(rules.split(',').map((id) => id.trim())) } : {} };
}

function yamlIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name) && !name.endsWith('.fixed.yaml'))
    .sort()
    .map((name) => join(dir, name));
}

/** Every tenth real manifest with volume mounts and several containers, at most 8 (none where ../shared is absent). */
function corpusSlice(): string[] {
  const dir = [join(ROOT, '..', 'shared', 'corpus', 'bulk'), join(ROOT, '..', '..', 'shared', 'corpus', 'bulk')].find((candidate) => existsSync(candidate));
  if (!dir) return [];
  const candidates = yamlIn(dir).filter((path) => {
    const text = readFileSync(path, 'utf8');
    return text.length < 20_000 && /volumeMounts:[\s\S]*- name:[\s\S]*- name:/.test(text);
  });
  return candidates.filter((_, index) => index % 10 === 0).slice(0, 8);
}

const sources: Source[] = [];
for (const path of [...yamlIn(join(ROOT, 'fixtures', 'fix')), ...yamlIn(join(ROOT, 'fixtures', 'examples'))]) {
  const item = await source(path, readFileSync(path, 'utf8').replace(/\r\n/g, '\n'));
  if (fixText(item.name, item.text, item.options, item.filter).applied.length > 0) sources.push(item);
}

/**
 * Real manifests rarely carry what the built-in rules fix: for them, the operations the rules make
 * (as bench/fix-corpus.ts tries them): readOnly on a container's first mount, `tail -f` → `tail -F`,
 * a later container moved to initContainers.
 */
interface RealFile {
  readonly name: string;
  readonly text: string;
  readonly operations: readonly { readonly documentIndex: number; readonly operation: FixOperation }[];
}

function operationsIn(text: string): RealFile['operations'] {
  const out: { documentIndex: number; operation: FixOperation }[] = [];
  const loaded = loadSource('real.yaml', text);
  for (const object of loaded.objects) {
    for (const location of podSpecsOf(object.value, object.ref.kind)) {
      const base = [...object.pathPrefix, ...location.path];
      const containers = Array.isArray(location.spec.containers) ? (location.spec.containers as unknown[]) : [];
      containers.forEach((raw, index) => {
        if (!isRecord(raw)) return;
        const path = [...base, 'containers', index];
        const add = (operation: FixOperation) => out.push({ documentIndex: object.documentIndex, operation });
        if (Array.isArray(raw.volumeMounts) && raw.volumeMounts.length > 0) add({ kind: 'set', path: [...path, 'volumeMounts', 0], key: 'readOnly', value: true });
        for (const field of ['command', 'args'] as const) {
          const list = raw[field];
          if (Array.isArray(list)) list.forEach((item, at) => {
            if (typeof item === 'string' && tailFollowByNameFix([], item)) add(tailFollowByNameFix([...path, field, at], item) as FixOperation);
          });
        }
        if (index > 0 && raw.restartPolicy === undefined) add({ kind: 'move-container', path, to: 'initContainers', position: 'start', set: { restartPolicy: 'Always' } });
      });
    }
  }
  return out;
}

const realFiles: RealFile[] = corpusSlice()
  .map((path) => {
    const text = readFileSync(path, 'utf8').replace(/\r\n/g, '\n');
    return { name: path, text, operations: operationsIn(text) };
  })
  .filter((file) => file.operations.length > 0);

// ---------------------------------------------------------------------------------------------
// Variations of a file

const NOISE_ESCAPES = [String.raw`\u00e9`, String.raw`\x41`, String.raw`\t`, String.raw`\"`, String.raw`\\`, String.raw`\U0001F600`, String.raw`\/`];

interface Variant {
  readonly encoding: Encoding;
  readonly lineEndings: 'lf' | 'crlf' | 'mixed';
  readonly crlfLines: readonly boolean[];
  readonly comments: readonly { readonly line: number; readonly text: string }[];
  readonly escapes: readonly number[];
  /** UTF-16 only: a lone surrogate in the first comment, or a stray byte at the end. */
  readonly broken: 'no' | 'lone-surrogate' | 'odd-length';
}

const variant = fc.record({
  encoding: fc.constantFrom<Encoding>('utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be'),
  lineEndings: fc.constantFrom<'lf' | 'crlf' | 'mixed'>('lf', 'crlf', 'mixed'),
  crlfLines: fc.array(fc.boolean(), { minLength: 64, maxLength: 64 }),
  comments: fc.array(fc.record({ line: fc.nat(400), text: fc.string({ unit: 'grapheme', maxLength: 12 }) }), { maxLength: 4 }),
  escapes: fc.array(fc.nat(NOISE_ESCAPES.length - 1), { maxLength: 3 }),
  broken: fc.constantFrom<'no' | 'lone-surrogate' | 'odd-length'>('no', 'no', 'no', 'lone-surrogate', 'odd-length'),
});

/** Marker strings that the fixed file must still hold as often as the original. */
function withNoise(text: string, v: Variant, markers: string[]): string {
  const lines = text.split('\n');
  v.comments.forEach((comment, index) => {
    const at = comment.line % lines.length;
    const indent = /^ */.exec(lines[at] ?? '')?.[0] ?? '';
    const body = v.broken === 'lone-surrogate' && index === 0 && v.encoding.startsWith('utf-16') ? `\uD800${comment.text}` : comment.text;
    const marker = `# noise ${index}: ${body.replace(/[\r\n]/g, ' ')} #`;
    markers.push(marker);
    lines.splice(at, 0, `${indent}${marker}`);
  });
  let out = lines.join('\n');
  // An escape at the end of the first one-line double-quoted string that holds `tail`.
  if (v.escapes.length > 0) {
    const added = v.escapes.map((index) => ` ${NOISE_ESCAPES[index]}`).join('');
    out = out.replace(/("[^"\\\n]*\btail\b[^"\\\n]*)"/, (_, body: string) => {
      markers.push(`${added}"`);
      return `${body}${added}"`;
    });
  }
  const ending = v.lineEndings;
  let line = 0;
  return out.replace(/\n/g, () => (ending === 'crlf' || (ending === 'mixed' && v.crlfLines[line++ % v.crlfLines.length]) ? '\r\n' : '\n'));
}

function bytesOf(text: string, v: Variant): Buffer {
  const bytes = Buffer.from(encode(text, v.encoding));
  return v.broken === 'odd-length' && v.encoding.startsWith('utf-16') ? Buffer.concat([bytes, Buffer.from([0x0a])]) : bytes;
}

/** Undo the edits of a change, last first: each splice's inserted text goes back to what it removed. */
function revert(text: string, edits: readonly AppliedEdit[]): string {
  let out = text;
  for (const edit of [...edits].reverse()) {
    let delta = 0;
    const placed = edit.map((splice) => {
      const start = splice.start + delta;
      delta += splice.insert.length - (splice.end - splice.start);
      return { start, splice };
    });
    for (const { start, splice } of placed.reverse()) {
      expect(out.slice(start, start + splice.insert.length)).toBe(splice.insert);
      out = out.slice(0, start) + splice.removed + out.slice(start + splice.insert.length);
    }
  }
  return out;
}

function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

it('has sources to vary', () => {
  expect(sources.length).toBeGreaterThanOrEqual(8);
});

it('fixed files differ from the originals only in the edited ranges, in every encoding and line ending', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sidecar-lint-bytes-'));
  let fixedRuns = 0;
  let keptRuns = 0;
  await fc.assert(
    // Sources by name, so that a counterexample reads as a file and a variation.
    fc.asyncProperty(fc.constantFrom(...sources.map((item) => item.name)), variant, async (name, v) => {
      const item = sources.find((candidate) => candidate.name === name) as Source;
      const markers: string[] = [];
      const text = withNoise(item.text, v, markers);
      const before = bytesOf(text, v);
      const file = join(dir, 'pod.yaml');
      writeFileSync(file, before);
      const run = await fixPaths(['pod.yaml'], { ...item.options, cwd: dir, write: true, filter: item.filter });
      const after = readFileSync(file);
      const decoded = decode(before);
      const survives = !('problem' in decoded) && Buffer.from(encode(decoded.text, decoded.encoding)).equals(before);
      if (!survives || run.changes.length === 0) {
        expect(after).toEqual(before);
        if (!survives && run.unfixed.length > 0) {
          expect(run.unfixed).toEqual([{ path: 'pod.yaml', message: "cannot fix: the file's bytes do not survive decoding (lone surrogate / invalid sequence); left it unchanged" }]);
        }
        keptRuns++;
        return;
      }
      expect([run.problems, run.unfixed]).toEqual([[], []]);
      const [change] = run.changes;
      const written = decode(after);
      if (!change || 'problem' in written || 'problem' in decoded) throw new Error('expected one decodable change');
      expect(written.encoding).toBe(decoded.encoding);
      expect(written.text).toBe(change.after);
      expect(Buffer.from(encode(revert(written.text, change.edits), written.encoding))).toEqual(before);
      for (const marker of markers) expect([marker, count(written.text, marker)]).toEqual([marker, count(decoded.text, marker)]);
      fixedRuns++;
    }),
    { numRuns: 120, seed: Number(process.env.FIX_BYTES_SEED ?? 19) },
  );
  // Most variations are fixable: the property is not only checked on files left alone.
  expect(fixedRuns).toBeGreaterThan(keptRuns);
}, 60_000);

itWhere(realFiles.length === 0 ? '../shared/corpus not found' : undefined, 'real manifests: the same, for the fixes the rules make', () => {
  let applied = 0;
  fc.assert(
    fc.property(fc.constantFrom(...realFiles.map((file) => file.name)), variant, fc.infiniteStream(fc.boolean()), (name, v, picks) => {
      const file = realFiles.find((candidate) => candidate.name === name) as RealFile;
      const markers: string[] = [];
      const before = bytesOf(withNoise(file.text, v, markers), v);
      const decoded = decode(before);
      if ('problem' in decoded || !Buffer.from(encode(decoded.text, decoded.encoding)).equals(before)) return;
      let text = decoded.text;
      const edits: AppliedSplice[][] = [];
      const chosen = picks.take(file.operations.length);
      for (const { documentIndex, operation } of file.operations) {
        if (chosen.next().value !== true) continue;
        const outcome = applyFix(text, documentIndex, operation);
        if ('refused' in outcome) continue;
        text = outcome.text;
        edits.push([...outcome.splices]);
      }
      applied += edits.length;
      const written = Buffer.from(encode(text, decoded.encoding));
      expect(Buffer.from(encode(revert(text, edits), decoded.encoding))).toEqual(before);
      const back = decode(written);
      expect('problem' in back ? back.problem : back.text).toBe(text);
      for (const marker of markers) expect([marker, count(text, marker)]).toEqual([marker, count(decoded.text, marker)]);
    }),
    { numRuns: 80, seed: Number(process.env.FIX_BYTES_SEED ?? 19) },
  );
  expect(applied).toBeGreaterThan(0);
});

it('maps a string to its source in every style yaml writes it, folded over short lines included', () => {
  const styles = ['QUOTE_DOUBLE', 'QUOTE_SINGLE', 'PLAIN', 'BLOCK_LITERAL', 'BLOCK_FOLDED'] as const;
  let mappedCount = 0;
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom('a', 'b', ' ', '\n', '"', "'", '\\', 'é', '😀', '\t', '#', ':', '-'), maxLength: 60 }), fc.constantFrom(...styles), (value, style) => {
      const document = new Document({ key: value });
      const node = (document.contents as YAMLMap<unknown, Scalar>).items[0]?.value as Scalar;
      node.type = style;
      const text = `spec:\n  - ${document.toString({ lineWidth: 20, minContentWidth: 0 }).replace(/\n(?=.)/g, '\n    ')}`;
      const parsed = parseDocument(text, { version: '1.1' });
      const scalar = parsed.getIn(['spec', 0, 'key'], true) as Scalar;
      if (parsed.errors.length > 0 || !isScalar(scalar) || scalar.value !== value) return;
      const mapped = scalarSource(text, scalar);
      const explicitIndent = /^[|>][+-]?[0-9]/.test(text.slice(scalar.range?.[0] ?? 0));
      if (!explicitIndent) expect([style, scalar.type, mapped?.value]).toEqual([style, scalar.type, value]);
      if (!mapped) return;
      mappedCount++;
      mapped.offsets.forEach((offset, index) => {
        if (offset !== -1) expect(text[offset]).toBe(value[index]);
      });
    }),
    { numRuns: 400, seed: Number(process.env.FIX_BYTES_SEED ?? 19) },
  );
  expect(mappedCount).toBeGreaterThan(200);
});
