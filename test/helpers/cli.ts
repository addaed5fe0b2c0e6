import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'sidecar-lint.js');

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run the built executable as a user would. */
export function runCli(args: readonly string[], options: { cwd?: string; input?: string; env?: Record<string, string> } = {}): CliResult {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', ...options.env };
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    input: options.input ?? '',
    env,
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

let sharedBin: string | undefined;

/**
 * The built executable, copied (bin/, dist/bundle/, package.json) to a folder every user can reach,
 * for tests that run it as another user: the clone may sit in a folder others cannot enter (a home
 * folder, any 0700 parent), where that user could not even start it. Copied once per test file.
 */
export function binForEveryUser(): string {
  if (sharedBin !== undefined) return sharedBin;
  const dir = mkdtempSync(join(tmpdir(), 'sidecar-lint-shared-bin-'));
  cpSync(join(ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
  cpSync(join(ROOT, 'dist', 'bundle'), join(dir, 'dist', 'bundle'), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  chmodSync(dir, 0o755);
  sharedBin = join(dir, 'bin', 'sidecar-lint.js');
  return sharedBin;
}

/** A temporary folder with the given files (names may contain folders: `charts/web/a.yaml`). */
export function tempTree(files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sidecar-lint-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** Errors and warnings the JSON format reports for these arguments: expectations that follow the rule set. */
export function countFindings(args: readonly string[], options: { cwd?: string } = {}): { errors: number; warnings: number; total: number } {
  const files = JSON.parse(runCli(['--format', 'json', ...args], options).stdout) as { errorCount: number; warningCount: number }[];
  const errors = files.reduce((sum, file) => sum + file.errorCount, 0);
  const warnings = files.reduce((sum, file) => sum + file.warningCount, 0);
  return { errors, warnings, total: errors + warnings };
}

/** One finding of `--format json`, as the tests read it. */
export interface JsonMessage {
  ruleId: string;
  message: string;
  line: number;
  column: number;
}

/** Every finding of a `--format json` report, file after file. */
export function messagesOf(stdout: string): JsonMessage[] {
  return (JSON.parse(stdout) as { messages: JsonMessage[] }[]).flatMap((file) => file.messages);
}
