/**
 * A finding of a Kustomize build placed in the overlay's sources: the origin file (the base
 * resource) when its value at the field is the rendered one, else the last patch that wrote that
 * value (a strategic-merge patch by the object's kind and name, a JSON 6902 operation by its path
 * and value), else the origin file's object as a whole, naming the overlay.
 */
import { formatPath } from '../load/field-path.js';
import { readDocument } from '../load/read-document.js';
import { isRecord } from '../load/values.js';
import type { Finding, Path, Region } from '../types.js';
import type { FileCache, MapContext } from './sources.js';
import { lineRegion } from './sources.js';
import { carryPath, existingPrefix, isLeaf, MISSING, sameValue, valueAt } from './paths.js';

export interface Placed {
  readonly file: string;
  readonly region: Region;
  readonly documentIndex: number;
  readonly path: Path;
  readonly note?: string;
}

interface Candidate {
  readonly file: string;
  readonly documentIndex: number;
  /** Path of the copy in its document, and the copy's path for the field (undefined: not there). */
  readonly at: Path | undefined;
  readonly value: unknown;
}

function kindAndName(value: unknown): { kind?: unknown; name?: unknown } {
  if (!isRecord(value)) return {};
  return { kind: value.kind, name: isRecord(value.metadata) ? value.metadata.name : undefined };
}

/** The object in a file that the rendered object was made from: the same kind, and a name the rendered one contains. */
function copiesIn(file: string, rendered: unknown, cache: FileCache): { documentIndex: number; pathPrefix: Path; value: Record<string, unknown> }[] {
  const read = cache.source(file);
  if (read === undefined) return [];
  const { kind, name } = kindAndName(rendered);
  const sameKind = read.source.objects.filter((object) => object.ref.kind === kind);
  const named = sameKind.filter((object) => typeof name === 'string' && object.ref.name !== '' && name.includes(object.ref.name));
  const chosen = named.length > 0 ? named.sort((a, b) => b.ref.name.length - a.ref.name.length).slice(0, 1) : sameKind.length === 1 ? sameKind : [];
  return chosen.map((object) => ({ documentIndex: object.documentIndex, pathPrefix: object.pathPrefix, value: object.value }));
}

function objectCandidate(file: string, rendered: unknown, path: Path, cache: FileCache): Candidate | undefined {
  const copy = copiesIn(file, rendered, cache)[0];
  if (copy === undefined) return undefined;
  const carried = carryPath(rendered, copy.value, path);
  return {
    file,
    documentIndex: copy.documentIndex,
    at: carried === undefined ? undefined : [...copy.pathPrefix, ...carried],
    value: carried === undefined ? MISSING : valueAt(copy.value, carried),
  };
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** A JSON 6902 patch's operation whose value is what the rendered object holds at (a start of) `path`. */
function operationCandidate(file: string, rendered: unknown, path: Path, cache: FileCache): Candidate | undefined {
  const read = cache.source(file);
  if (read === undefined) return undefined;
  const parsed = readDocument(read.text, 100);
  if (!('value' in parsed) || !Array.isArray(parsed.value)) return undefined;
  let found: Candidate | undefined;
  parsed.value.forEach((operation: unknown, index) => {
    if (!isRecord(operation) || typeof operation.path !== 'string' || !('value' in operation)) return;
    if (operation.op !== 'add' && operation.op !== 'replace') return;
    const pointer = operation.path.split('/').slice(1).map(unescapePointer);
    if (pointer.length > path.length) return;
    const matches = pointer.every((segment, position) => {
      const step = path[position];
      if (typeof step === 'number') return segment === '-' || segment === String(step);
      return segment === step;
    });
    if (!matches || !sameValue(valueAt(rendered, path.slice(0, pointer.length)), operation.value)) return;
    const rest = path.slice(pointer.length);
    found = { file, documentIndex: 0, at: [index, 'value', ...rest], value: valueAt(operation.value, rest) };
  });
  return found;
}

export function findInKustomization(finding: Finding, rendered: unknown, originFile: string, context: MapContext, cache: FileCache): Placed | undefined {
  const path = existingPrefix(rendered, finding.path ?? []);
  const wanted = valueAt(rendered, path);
  const base = objectCandidate(originFile, rendered, path, cache);
  const patches = (context.patches ?? []).map((file) => operationCandidate(file, rendered, path, cache) ?? objectCandidate(file, rendered, path, cache));
  const candidates = [base, ...patches].filter((candidate): candidate is Candidate => candidate !== undefined && candidate.at !== undefined);
  // A scalar comes from the last source that wrote this value; a mapping or list from the first that has it.
  const chosen = isLeaf(wanted) ? candidates.filter((candidate) => sameValue(candidate.value, wanted)).pop() : candidates[0];
  const place = (candidate: Candidate, at: Path, note?: string): Placed | undefined => {
    const read = cache.source(candidate.file);
    if (read === undefined) return undefined;
    if (read.inline !== undefined) {
      // Inside a kustomization's own text: its `patch:` line, saying which field.
      const kustomization = cache.source(read.inline.file);
      if (kustomization === undefined) return undefined;
      const { region } = kustomization.source.resolve(0, read.inline.path);
      const [operation] = at;
      const field = typeof operation === 'number' ? `operation ${operation + 1}, value${formatPath(at.slice(2)).replace(/^(?=[^[])/, '.')}` : formatPath(at);
      const where = `set by the inline patch ${formatPath(read.inline.path.slice(0, 2))}, ${field}`;
      return { file: read.inline.file, region: lineRegion(kustomization.text, region.start.line, region.start.column), documentIndex: 0, path: read.inline.path, note: where };
    }
    const { region } = read.source.resolve(candidate.documentIndex, at);
    // The object as a whole: its first line, as for a template.
    const shown = note === undefined ? region : lineRegion(read.text, region.start.line, region.start.column);
    return { file: candidate.file, region: shown, documentIndex: candidate.documentIndex, path: at, ...(note !== undefined ? { note } : {}) };
  };
  if (chosen?.at !== undefined) return place(chosen, chosen.at);
  const copy = copiesIn(originFile, rendered, cache)[0];
  const note = `as built by ${context.command}: the field is not written as such in the overlay's files`;
  return place({ file: originFile, documentIndex: copy?.documentIndex ?? 0, at: copy?.pathPrefix ?? [], value: MISSING }, copy?.pathPrefix ?? [], note);
}
