/**
 * Orchestration: inputs → text → loaded documents → findings, file by file, in input order.
 */
import { readFile } from 'node:fs/promises';
import { lintSource } from './engine.js';
import type { EngineOptions } from './engine.js';
import { collectInputs } from './files.js';
import type { IgnoreMatcher } from './ignore.js';
import type { InputFile } from './files.js';
import { loadSource } from './source.js';
import type { FileResult, Finding } from './types.js';

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

/** Lint one file's text. */
export function lintText(filePath: string, text: string, options: EngineOptions): Finding[] {
  return lintSource(loadSource(filePath, text), options);
}

export function lintBytes(filePath: string, bytes: Uint8Array, options: EngineOptions): Finding[] {
  const decoded = decode(bytes);
  if ('problem' in decoded) return [fileProblem(filePath, `Cannot lint this file: ${decoded.problem}.`)];
  return lintText(filePath, decoded.text, options);
}

export async function readStdin(stdin: NodeJS.ReadableStream): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

async function lintInput(file: InputFile, options: EngineOptions, stdin: NodeJS.ReadableStream): Promise<FileResult | string> {
  let bytes: Uint8Array;
  try {
    bytes = file.absolutePath === undefined ? await readStdin(stdin) : await readFile(file.absolutePath);
  } catch (error) {
    return `${file.displayPath}: cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
  }
  return { filePath: file.displayPath, findings: lintBytes(file.displayPath, bytes, options) };
}

export async function lintPaths(
  paths: readonly string[],
  options: EngineOptions & { readonly cwd: string; readonly stdin?: NodeJS.ReadableStream; readonly ignore?: IgnoreMatcher },
): Promise<LintRun> {
  const inputs = await collectInputs(paths, options.cwd);
  // One run: a rule that throws is reported once, however many files it fails on.
  options = { ...options, failedRules: options.failedRules ?? new Set() };
  const results: FileResult[] = [];
  const problems = [...inputs.problems];
  const { ignore } = options;
  for (const file of inputs.files) {
    if (ignore?.skipsFile(file.absolutePath)) continue;
    const ignored = ignore?.forFile(file.absolutePath);
    const outcome = await lintInput(file, { ...options, ...(ignored ? { ignored } : {}) }, options.stdin ?? process.stdin);
    if (typeof outcome === 'string') problems.push(outcome);
    else results.push(outcome);
  }
  return { results, problems };
}
