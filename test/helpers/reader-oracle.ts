/**
 * Differential reading against libyaml (test/oracle/libyaml-read.py, Debian's python3-yaml): the
 * same documents accepted, the same values. Shared by the corpus test and the mutation fuzzer.
 */
import { spawnSync } from 'node:child_process';
import { isDeepStrictEqual } from 'node:util';
import { documentSpans } from '../../src/load/documents.js';
import { readDocument } from '../../src/load/read-document.js';

export interface OracleRead {
  readonly docs: readonly unknown[];
  readonly error: { readonly doc: number; readonly line: number; readonly message: string } | null;
}

const ORACLE = new URL('../oracle/libyaml-read.py', import.meta.url).pathname;

/** Debian's python3 first (where `apt-get install python3-yaml` puts libyaml's binding), then PATH's. */
const PYTHONS = ['/usr/bin/python3', 'python3'];
let python: string | null | undefined;

function pythonWithLibyaml(): string | null {
  python ??= PYTHONS.find((candidate) => spawnSync(candidate, ['-c', 'import yaml; assert yaml.__with_libyaml__']).status === 0) ?? null;
  return python;
}

/** Why libyaml cannot be asked, or undefined when it can. */
export function oracleMissing(): string | undefined {
  return pythonWithLibyaml() === null ? 'python3-yaml with libyaml is not installed (apt-get install python3-yaml)' : undefined;
}

/** libyaml's reading of each file, in order. */
export function oracleRead(paths: readonly string[]): OracleRead[] {
  return runOracle([], paths.join('\n'));
}

/** libyaml's reading of each text, in order. */
export function oracleReadTexts(texts: readonly string[]): OracleRead[] {
  return runOracle(['--texts'], texts.map((text) => JSON.stringify(text)).join('\n'));
}

function runOracle(args: readonly string[], input: string): OracleRead[] {
  const run = spawnSync(pythonWithLibyaml() ?? 'python3', [ORACLE, ...args], { input: `${input}\n`, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (run.status !== 0) throw new Error(`oracle failed: ${run.stderr}`);
  return run.stdout.trim().split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as OracleRead);
}

/** A value in the oracle's JSON form: floats JSON lacks and binary data spelled out. */
function comparable(value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return { float: Number.isNaN(value) ? 'nan' : value > 0 ? 'inf' : '-inf' };
  if (value instanceof Uint8Array) return { binary: value.length };
  if (Array.isArray(value)) return value.map(comparable);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) Object.defineProperty(out, key, { value: comparable((value as Record<string, unknown>)[key]), enumerable: true });
    return out;
  }
  return value;
}

/**
 * The first path where two JSON values differ, with both values there. `atEnd`: the document is
 * the file's last and the file has no final line break, where js-yaml (which appends one before
 * reading) keeps a line break at the end of a block scalar that libyaml, reading to the end of the
 * stream, does not. Only the string's last character differs; no rule reads it.
 */
function firstDifference(ours: unknown, theirs: unknown, atEnd: boolean, path = ''): string | undefined {
  if (isDeepStrictEqual(ours, theirs)) return undefined;
  if (atEnd && typeof ours === 'string' && ours === `${String(theirs)}\n`) return undefined;
  const bothObjects = ours !== null && theirs !== null && typeof ours === 'object' && typeof theirs === 'object' && Array.isArray(ours) === Array.isArray(theirs);
  if (bothObjects) {
    const a = ours as Record<string, unknown>;
    const b = theirs as Record<string, unknown>;
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (!(key in a) || !(key in b)) return `${path}/${key}: ${key in a ? 'only ours' : 'only libyaml'}`;
      const found = firstDifference(a[key], b[key], atEnd, `${path}/${key}`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  return `${path || '/'}: ours ${JSON.stringify(ours)?.slice(0, 120)}, libyaml ${JSON.stringify(theirs)?.slice(0, 120)}`;
}

/** What libyaml counts lines by (YAML 1.1's line breaks), so that its line numbers name the right line. */
const LINE_BREAK = /\r\n|[\r\n\x85\u2028\u2029]/;

/** Where the linter's reading of `text` disagrees with libyaml's, in words; undefined when it agrees. */
export function disagreement(text: string, oracle: OracleRead): string | undefined {
  const reads = documentSpans(text).map((span) => readDocument(text.slice(span.start, span.end), 100));
  const noFinalBreak = text !== '' && !text.endsWith('\n');
  const firstProblem = reads.findIndex((read) => 'problem' in read);
  if (oracle.error === null) {
    if (firstProblem !== -1) return `libyaml reads it all; we reject document ${firstProblem}: ${(reads[firstProblem] as { problem: string }).problem}`;
    if (reads.length !== oracle.docs.length) return `libyaml reads ${oracle.docs.length} documents; we read ${reads.length}`;
  } else {
    const near = JSON.stringify(text.split(LINE_BREAK)[oracle.error.line - 1] ?? '');
    if (firstProblem === -1 || firstProblem > oracle.error.doc) return `libyaml rejects document ${oracle.error.doc} (line ${oracle.error.line} ${near}: ${oracle.error.message}); we ${firstProblem === -1 ? 'accept every document' : `reject only from document ${firstProblem}`}`;
    // libyaml ends a document after its root node and reports more content as a missing `---` of
    // the next one; js-yaml reports the same text as the end of the document expected.
    const sameText = firstProblem === oracle.error.doc - 1 && oracle.error.message.includes('expected <document start>');
    if (firstProblem < oracle.error.doc && !sameText) return `we reject document ${firstProblem}: ${(reads[firstProblem] as { problem: string }).problem}; libyaml reads it`;
  }
  const compared = oracle.error === null ? oracle.docs.length : Math.min(oracle.docs.length, firstProblem);
  for (let index = 0; index < compared; index++) {
    const read = reads[index];
    if (read === undefined || 'problem' in read) return `document ${index} missing`;
    const difference = firstDifference(JSON.parse(JSON.stringify(comparable(read.value)) ?? 'null'), oracle.docs[index], noFinalBreak && index === reads.length - 1);
    if (difference !== undefined) return `document ${index}: ${difference}`;
  }
  return undefined;
}
