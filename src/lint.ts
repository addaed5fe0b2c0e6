/**
 * Orchestration: inputs → text → loaded documents → findings, file by file, in input order.
 */
import { readFileSync } from 'node:fs';
import { lintSource } from './engine.js';
import type { EngineOptions } from './engine.js';
import { collectInputs } from './files.js';
import type { IgnoreMatcher } from './ignore.js';
import type { InputFile } from './files.js';
import { loadSelectively } from './selective-load.js';
import { loadSource } from './source.js';
import type { FileResult, Finding } from './types.js';
import { lintInParallel, onlyBuiltinRules, workerCount, workerSetup } from './workers.js';

export interface LintRun {
  readonly results: readonly FileResult[];
  /** Paths that could not be read at all (exit 2), as messages. */
  readonly problems: readonly string[];
}

/** How a file's bytes were written, so that `--fix` can write them back the same way. */
export type Encoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be';

export type Decoded = { readonly text: string; readonly encoding: Encoding } | { readonly problem: string };

/** Bytes → text: UTF-8 (BOM dropped), UTF-16 with a BOM; binary and invalid UTF-8 are refused. */
export function decode(bytes: Uint8Array): Decoded {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  if (bytes.subarray(0, 8192).includes(0)) return { problem: 'binary file (it contains NUL bytes), not YAML or JSON' };
  try {
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes), encoding: bom ? 'utf-8-bom' : 'utf-8' };
  } catch {
    return { problem: 'not valid UTF-8 text' };
  }
}

/** Text → bytes in the file's own encoding (the inverse of {@link decode}). */
export function encode(text: string, encoding: Encoding): Uint8Array {
  switch (encoding) {
    case 'utf-8':
      return Buffer.from(text, 'utf8');
    case 'utf-8-bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'utf-16le':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'utf-16be':
      return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
  }
}

export function fileProblem(filePath: string, message: string): Finding {
  const at = { line: 1, column: 1 };
  return { ruleId: 'parse-error', severity: 'error', message, filePath, region: { start: at, end: at }, documentIndex: 0, fatal: true };
}

export interface LintOptions extends EngineOptions {
  /** Skip documents that cannot hold a pod spec without parsing them (`prescan.ts`); on by default. */
  readonly prescan?: boolean;
  /**
   * Worker threads (`workers.ts`): a number, or `auto` (currently none: see `workerCount`). Off by
   * default; workers rebuild the rules by id, so only built-in rules work.
   */
  readonly workers?: number | 'auto';
}

/** Lint one file's text. */
export function lintText(filePath: string, text: string, options: LintOptions): Finding[] {
  const source = options.prescan === false ? loadSource(filePath, text) : loadSelectively(filePath, text);
  return lintSource(source, options);
}

export function lintBytes(filePath: string, bytes: Uint8Array, options: LintOptions): Finding[] {
  const decoded = decode(bytes);
  if ('problem' in decoded) return [fileProblem(filePath, `Cannot lint this file: ${decoded.problem}.`)];
  return lintText(filePath, decoded.text, options);
}

export async function readStdin(stdin: NodeJS.ReadableStream): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

function unreadable(file: InputFile, error: unknown): string {
  return `${file.displayPath}: cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
}

/** Lint one file from disk: its result, or a message when it cannot be read. */
export function lintFile(file: InputFile & { readonly absolutePath: string }, options: LintOptions): FileResult | string {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file.absolutePath);
  } catch (error) {
    return unreadable(file, error);
  }
  return { filePath: file.displayPath, findings: lintBytes(file.displayPath, bytes, options) };
}

async function lintInput(file: InputFile, options: LintOptions, stdin: NodeJS.ReadableStream): Promise<FileResult | string> {
  if (file.absolutePath !== undefined) return lintFile({ ...file, absolutePath: file.absolutePath }, options);
  let bytes: Uint8Array;
  try {
    bytes = await readStdin(stdin);
  } catch (error) {
    return unreadable(file, error);
  }
  return { filePath: file.displayPath, findings: lintBytes(file.displayPath, bytes, options) };
}

export async function lintPaths(
  paths: readonly string[],
  options: LintOptions & { readonly cwd: string; readonly stdin?: NodeJS.ReadableStream; readonly ignore?: IgnoreMatcher },
): Promise<LintRun> {
  const inputs = await collectInputs(paths, options.cwd);
  // One run: a rule that throws is reported once, however many files it fails on.
  options = { ...options, failedRules: options.failedRules ?? new Set() };
  const results: FileResult[] = [];
  const problems = [...inputs.problems];
  const { ignore } = options;
  const files = ignore ? inputs.files.filter((file) => !ignore.skipsFile(file.absolutePath)) : inputs.files;
  const deliver = (outcome: FileResult | string) => {
    if (typeof outcome === 'string') problems.push(outcome);
    else results.push(outcome);
  };
  const stdin = options.stdin ?? process.stdin;
  const lintHere = (file: InputFile) => {
    const ignored = ignore?.forFile(file.absolutePath);
    return lintInput(file, ignored ? { ...options, ignored } : options, stdin);
  };
  // Worker threads rebuild the rules by id: only built-in rules, and no ignore entries (functions stay here).
  const requested = options.workers === 'auto' ? undefined : (options.workers ?? 0);
  const workers = ignore === undefined && onlyBuiltinRules(options.rules) ? workerCount(requested) : 0;
  if (workers > 0) {
    const setup = workerSetup(options.rules, options.kubernetesVersion, options.prescan !== false, options.reportUnusedSuppressions === true);
    await lintInParallel(files, workers, setup, lintHere, deliver);
  } else {
    for (const file of files) deliver(await lintHere(file));
  }
  return { results, problems };
}
