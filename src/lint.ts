/**
 * Orchestration: inputs → text → loaded documents → findings, file by file, in input order.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { lintSource } from './engine.js';
import type { EngineOptions } from './engine.js';
import { collectInputs, STDIN_NAME } from './files.js';
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

/** Files above this size are refused (with a finding), not read: memory grows 50–100× the file size. */
export const DEFAULT_MAX_FILE_SIZE_MB = 20;
const MB = 1024 * 1024;

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

export interface LintOptions extends EngineOptions, ReadOptions {
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

/** Read bytes, stopping as soon as there are more than `limit`. */
type Read = { readonly bytes: Uint8Array } | { readonly tooLarge: number | undefined };

async function readStdinLimited(stdin: NodeJS.ReadableStream, limit: number): Promise<Read> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stdin) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    total += buffer.length;
    if (total > limit) return { tooLarge: undefined };
    chunks.push(buffer);
  }
  return { bytes: Buffer.concat(chunks, total) };
}

/** A regular file's bytes, read up to the limit; undefined for anything else (pipes, devices). */
function readRegularFile(path: string, limit: number): Read | undefined {
  // Non-blocking, as opening a FIFO would block.
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) return undefined;
    if (info.size > limit) return { tooLarge: info.size };
    // The size may change while reading: read to the end, one byte past the limit at most.
    let bytes = Buffer.allocUnsafe(info.size + 1);
    let total = 0;
    for (;;) {
      if (total === bytes.length) {
        if (total > limit) return { tooLarge: total };
        const larger = Buffer.allocUnsafe(Math.min(limit + 1, bytes.length * 2));
        bytes.copy(larger, 0, 0, total);
        bytes = larger;
      }
      const wanted = bytes.length - total;
      const read = readSync(fd, bytes, total, wanted, null);
      total += read;
      // A regular file gives less than asked only at its end: no second call to learn that.
      if (read < wanted) break;
    }
    return total > limit ? { tooLarge: total } : { bytes: bytes.subarray(0, total) };
  } finally {
    closeSync(fd);
  }
}

/** Regular files are measured before reading; pipes and devices are read up to the limit. */
async function readPath(path: string, limit: number): Promise<Read> {
  // Regular files, the usual case, in synchronous calls: for thousands of small files, a promise
  // round trip per call and a 1 MB buffer per file cost more than the reading (2.6 s idle and 1.4 s
  // of garbage collection on the bulk corpus). Reading ahead on libuv's threads was slower still
  // (4.7 s against 3.4 s on the bulk corpus, 2 cores): the hand-offs cost more than the overlap.
  const regular = readRegularFile(path, limit);
  if (regular !== undefined) return regular;
  const handle = await open(path, 'r');
  try {
    const info = await handle.stat();
    if (info.isFile() && info.size > limit) return { tooLarge: info.size };
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buffer = Buffer.allocUnsafe(Math.min(1 * MB, limit + 1 - total));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > limit) return { tooLarge: info.isFile() ? Math.max(total, info.size) : undefined };
      chunks.push(buffer.subarray(0, bytesRead));
    }
    return { bytes: Buffer.concat(chunks, total) };
  } finally {
    await handle.close();
  }
}

function formatMegabytes(bytes: number): string {
  return `${Number((bytes / MB).toFixed(1))} MB`;
}

function tooLargeProblem(filePath: string, size: number | undefined, limitMb: number): Finding {
  const what = size === undefined ? `more than ${limitMb} MB` : `${formatMegabytes(size)}, more than ${limitMb} MB`;
  return fileProblem(
    filePath,
    `File not linted: it is ${what} (the --max-file-size limit). Split it, or raise the limit with --max-file-size <MB> if the machine has the memory (up to 100 times the file size).`,
  );
}

export interface ReadOptions {
  /** Largest file to read, in MB (default {@link DEFAULT_MAX_FILE_SIZE_MB}). */
  readonly maxFileSizeMb?: number;
}

/** A file's bytes; a finding when it is above the size limit; a message when it cannot be read (exit 2). */
export type InputRead = { readonly bytes: Uint8Array } | { readonly finding: Finding } | { readonly problem: string };

/** Read one input, stdin included, within the size limit (for linting and for `--fix`). */
export async function readInput(file: InputFile, stdin: NodeJS.ReadableStream, maxFileSizeMb = DEFAULT_MAX_FILE_SIZE_MB): Promise<InputRead> {
  const limit = Math.floor(maxFileSizeMb * MB);
  let read: Read;
  try {
    read = file.absolutePath === undefined ? await readStdinLimited(stdin, limit) : await readPath(file.absolutePath, limit);
  } catch (error) {
    return { problem: `${file.displayPath}: cannot read: ${readError(error)}` };
  }
  if ('tooLarge' in read) return { finding: tooLargeProblem(file.displayPath, read.tooLarge, maxFileSizeMb) };
  return { bytes: read.bytes };
}

export async function lintInput(file: InputFile, options: LintOptions, stdin: NodeJS.ReadableStream): Promise<FileResult | string> {
  const read = await readInput(file, stdin, options.maxFileSizeMb);
  if ('problem' in read) return read.problem;
  if ('finding' in read) return { filePath: file.displayPath, findings: [read.finding] };
  return { filePath: file.displayPath, findings: lintBytes(file.displayPath, read.bytes, options) };
}

function readError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'ENOENT') return 'no such file or directory';
  return code ?? (error instanceof Error ? error.message : String(error));
}

/** Code-unit order, the same on every machine and locale. */
function byPath(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Lint files and folders. Results come sorted by path (stdin first), whatever the order of the
 * arguments or of the file system, so the same files always give the same report.
 */
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
  const requested = options.workers === 'auto' ? undefined : options.workers;
  const workers = ignore === undefined && onlyBuiltinRules(options.rules) ? workerCount(requested) : 0;
  if (workers > 0) {
    const setup = workerSetup(options.rules, options.kubernetesVersion, options.prescan !== false, options.reportUnusedSuppressions === true, options.maxFileSizeMb);
    await lintInParallel(files, workers, setup, lintHere, deliver);
  } else {
    for (const file of files) deliver(await lintHere(file));
  }
  const stdinFirst = (path: string) => (path === STDIN_NAME ? '' : path);
  results.sort((a, b) => byPath(stdinFirst(a.filePath), stdinFirst(b.filePath)));
  problems.sort(byPath);
  return { results, problems };
}
