/**
 * Running a renderer: a binary found on the PATH the CLI hands over (never read from the environment here), or the
 * path the user gave; its output, its exit, or the fact that it is not installed.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface ToolEnv {
  /** The PATH to search, as the CLI read it from its environment. */
  readonly PATH?: string;
  /** HOME, for helm's config and cache folders. */
  readonly HOME?: string;
}

export type ToolOutcome =
  | { readonly kind: 'ok'; readonly stdout: string; readonly stderr: string }
  | { readonly kind: 'failed'; readonly stdout: string; readonly stderr: string }
  | { readonly kind: 'missing' };

/** Largest output a renderer may write: a chart rendering more than this is refused, not read. */
const MAX_OUTPUT_BYTES = 256 * 1024 * 1024;

/** The first executable `name` on `PATH`, or undefined. */
export function onPath(name: string, env: ToolEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
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

export function runTool(binary: string, args: readonly string[], env: ToolEnv, cwd: string): Promise<ToolOutcome> {
  const childEnv: Record<string, string> = {};
  if (env.PATH !== undefined) childEnv.PATH = env.PATH;
  if (env.HOME !== undefined) childEnv.HOME = env.HOME;
  return new Promise((done) => {
    execFile(binary, [...args], { cwd, env: childEnv, encoding: 'utf8', maxBuffer: MAX_OUTPUT_BYTES, windowsHide: true }, (error, stdout, stderr) => {
      if (error === null) return done({ kind: 'ok', stdout, stderr });
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EACCES') return done({ kind: 'missing' });
      done({ kind: 'failed', stdout, stderr: stderr !== '' ? stderr : error.message });
    });
  });
}
