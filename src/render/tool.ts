/**
 * Running a renderer: a binary found on the PATH the CLI hands over (never read from the environment
 * here; only absolute folders of it, so `.` or an empty entry never finds a binary in the
 * repository), or the path the user gave; its output, its exit, the fact that it is not installed,
 * or that it was stopped at a limit. A renderer is killed when it runs past the time limit, writes
 * more than the output limit, or (on Linux, where /proc tells) holds more memory than that output
 * could need: helm and kustomize build their whole output in memory before writing any of it. It
 * stays in the run's process group, so that Ctrl-C stops it with the run.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

export interface ToolEnv {
  /** The PATH to search, as the CLI read it from its environment. */
  readonly PATH?: string;
  /** HOME, for helm's config and cache folders. */
  readonly HOME?: string;
}

/** How long a renderer may run and how much it may write. */
export interface ToolLimits {
  readonly timeoutSeconds: number;
  readonly maxOutputBytes: number;
  /** Variables added to the renderer's environment (the network turned away). */
  readonly extraEnv?: Readonly<Record<string, string>>;
}

export type ToolOutcome =
  | { readonly kind: 'ok'; readonly stdout: string; readonly stderr: string }
  | { readonly kind: 'failed'; readonly stdout: string; readonly stderr: string }
  | { readonly kind: 'stopped'; readonly limit: 'time' | 'output' | 'memory' }
  | { readonly kind: 'missing' };

/** Stderr kept for a message: helm's first paragraph is what is shown. */
const MAX_STDERR_BYTES = 64 * 1024;
/** Memory a renderer may hold besides its output: helm holds ~11 bytes per byte of output it has not written yet. */
const MEMORY_PER_OUTPUT_BYTE = 16;
const BASE_MEMORY_BYTES = 256 * 1024 * 1024;

/** The first executable `name` in an absolute folder of `PATH`, or undefined. */
export function onPath(name: string, env: ToolEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!isAbsolute(dir)) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The most memory a renderer may hold: room for its whole output, unwritten, and itself. */
export function memoryLimitOf(limits: ToolLimits): number {
  return BASE_MEMORY_BYTES + MEMORY_PER_OUTPUT_BYTE * limits.maxOutputBytes;
}

/** Resident memory of a process in bytes (Linux), or undefined. */
function residentBytes(pid: number): number | undefined {
  try {
    const kb = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}

export function runTool(binary: string, args: readonly string[], env: ToolEnv, cwd: string, limits: ToolLimits): Promise<ToolOutcome> {
  const file = /[\\/]/.test(binary) ? binary : onPath(binary, env);
  if (file === undefined) return Promise.resolve({ kind: 'missing' });
  const childEnv: Record<string, string> = { ...limits.extraEnv };
  if (env.PATH !== undefined) childEnv.PATH = env.PATH;
  if (env.HOME !== undefined) childEnv.HOME = env.HOME;
  return new Promise((done) => {
    const child = spawn(file, [...args], { cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let written = 0;
    let kept = 0;
    let stopped: 'time' | 'output' | 'memory' | undefined;
    const stop = (limit: 'time' | 'output' | 'memory') => {
      stopped ??= limit;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => stop('time'), limits.timeoutSeconds * 1000);
    const memoryLimit = memoryLimitOf(limits);
    const watch = setInterval(() => {
      const resident = child.pid === undefined ? undefined : residentBytes(child.pid);
      if (resident !== undefined && resident > memoryLimit) stop('memory');
    }, 100);
    child.stdout.on('data', (chunk: Buffer) => {
      written += chunk.length;
      if (written > limits.maxOutputBytes) stop('output');
      else stdout.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (kept < MAX_STDERR_BYTES) stderr.push(chunk.subarray(0, MAX_STDERR_BYTES - kept));
      kept += chunk.length;
    });
    const finish = (outcome: ToolOutcome) => {
      clearTimeout(timer);
      clearInterval(watch);
      done(outcome);
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'EACCES') finish({ kind: 'missing' });
      else finish({ kind: 'failed', stdout: '', stderr: error.message });
    });
    child.on('close', (code, signal) => {
      if (stopped !== undefined) return finish({ kind: 'stopped', limit: stopped });
      const out = Buffer.concat(stdout).toString('utf8');
      const err = Buffer.concat(stderr).toString('utf8');
      if (code === 0) return finish({ kind: 'ok', stdout: out, stderr: err });
      finish({ kind: 'failed', stdout: out, stderr: err !== '' ? err : `${file} exited with ${signal ?? `code ${code}`}` });
    });
  });
}
