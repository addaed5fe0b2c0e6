/**
 * Reading one input (a file, a pipe or stdin) within the size limit, for linting and for `--fix`.
 * Out: its bytes, a finding when it is too large, or a message when it cannot be read (exit 2):
 * unreadable, or text in an encoding that is not read (UTF-32).
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { unsupportedEncoding } from './decode.js';
import type { InputFile } from './inputs.js';
import type { Finding, ReadProblem } from '../types.js';

/** Files above this size are refused (with a finding), not read: memory grows 50–100× the file size. */
export const DEFAULT_MAX_FILE_SIZE_MB = 20;
const MB = 1024 * 1024;

/** A finding for a whole file that cannot be linted (too large, binary, not text). */
export function fileProblem(filePath: string, message: string): Finding {
  const at = { line: 1, column: 1 };
  return { ruleId: 'parse-error', severity: 'error', message, filePath, region: { start: at, end: at }, documentIndex: 0, fatal: true };
}

/** Read bytes, stopping as soon as there are more than `limit`. */
export type Read = { readonly bytes: Uint8Array } | { readonly tooLarge: number | undefined };

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

/** A regular file's bytes, read up to the limit; undefined for anything else (pipes, devices). Throws the system's errors. */
export function readRegularFile(path: string, limit: number): Read | undefined {
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

/**
 * Regular files are measured before reading; pipes and devices are read up to the limit.
 * `special`: the path was known not to be a regular file (a pipe, FIFO or device named on the
 * command line); it is opened once, blocking as `cat` would, on one of libuv's threads. Opening a
 * FIFO without blocking first would let its writer write and close before the blocking open, which
 * then waits for a second writer that never comes.
 */
async function readPath(path: string, limit: number, special: boolean): Promise<Read> {
  // Regular files, the usual case, in synchronous calls: for thousands of small files, a promise
  // round trip per call and a 1 MB buffer per file cost more than the reading (2.6 s idle and 1.4 s
  // of garbage collection on the bulk corpus). Reading ahead on libuv's threads was slower still
  // (4.7 s against 3.4 s on the bulk corpus, 2 cores): the hand-offs cost more than the overlap.
  if (!special) {
    const regular = readRegularFile(path, limit);
    if (regular !== undefined) return regular;
  }
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
export type InputRead = { readonly bytes: Uint8Array } | { readonly finding: Finding } | { readonly problem: ReadProblem };

/** Read one input, stdin included, within the size limit (for linting and for `--fix`). */
export async function readInput(file: InputFile, stdin: NodeJS.ReadableStream, maxFileSizeMb = DEFAULT_MAX_FILE_SIZE_MB): Promise<InputRead> {
  const limit = Math.floor(maxFileSizeMb * MB);
  let read: Read;
  try {
    read = file.absolutePath === undefined ? await readStdinLimited(stdin, limit) : await readPath(file.absolutePath, limit, file.special === true);
  } catch (error) {
    return { problem: { path: file.displayPath, message: `cannot read: ${readError(error)}` } };
  }
  if ('tooLarge' in read) return { finding: tooLargeProblem(file.displayPath, read.tooLarge, maxFileSizeMb) };
  // Text in an encoding that is not read is no content to lint: it cannot be read (exit 2).
  const unsupported = unsupportedEncoding(read.bytes);
  if (unsupported !== undefined) return { problem: { path: file.displayPath, message: `cannot read: ${unsupported}` } };
  return { bytes: read.bytes };
}

function readError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'ENOENT') return 'no such file or directory';
  return code ?? (error instanceof Error ? error.message : String(error));
}
