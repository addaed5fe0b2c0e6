/**
 * Whole-process measurements: wall time (from spawn to exit) and peak RSS. Peak RSS comes from
 * GNU `/usr/bin/time -v` when the machine has it, else from the process's own accounting
 * (`process.resourceUsage().maxRSS`, reported at exit by a preloaded hook; Node processes only).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Sample {
  readonly seconds: number;
  /** User + system CPU seconds (all threads); NaN when unknown. */
  readonly cpuSeconds: number;
  /** Peak resident set size in MB. */
  readonly rssMb: number;
  readonly status: number | null;
}

export interface Summary {
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly rssMb: number;
  readonly runs: number;
}

const GNU_TIME = '/usr/bin/time';

function gnuTimeWorks(): boolean {
  if (!existsSync(GNU_TIME)) return false;
  const probe = spawnSync(GNU_TIME, ['-v', 'true'], { encoding: 'utf8' });
  return probe.status === 0 && /Maximum resident set size/.test(probe.stderr);
}

export const rssSource = gnuTimeWorks() ? '/usr/bin/time -v' : 'process.resourceUsage().maxRSS (preloaded hook)';

let hookFile: string | undefined;
function hook(): string {
  if (hookFile) return hookFile;
  const dir = mkdtempSync(join(tmpdir(), 'sidecar-lint-bench-'));
  hookFile = join(dir, 'rss-hook.cjs');
  writeFileSync(
    hookFile,
    "process.on('exit', () => { const u = process.resourceUsage(); require('node:fs').writeFileSync(process.env.BENCH_RSS_FILE, `${u.maxRSS} ${(u.userCPUTime + u.systemCPUTime) / 1e6}`); });\n",
  );
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return hookFile;
}

/** Run `node args…` once. */
export function runNode(args: readonly string[], options: { cwd: string; env?: Record<string, string> }): Sample {
  const env = { ...process.env, ...options.env };
  const started = performance.now();
  if (rssSource.startsWith('/usr/bin/time')) {
    const result = spawnSync(GNU_TIME, ['-v', process.execPath, ...args], { cwd: options.cwd, env, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
    const seconds = (performance.now() - started) / 1000;
    const kb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr)?.[1] ?? NaN);
    const status = Number(/Exit status: (\d+)/.exec(result.stderr)?.[1] ?? NaN);
    const user = Number(/User time \(seconds\): ([\d.]+)/.exec(result.stderr)?.[1] ?? NaN);
    const system = Number(/System time \(seconds\): ([\d.]+)/.exec(result.stderr)?.[1] ?? NaN);
    return { seconds, cpuSeconds: user + system, rssMb: kb / 1024, status: Number.isNaN(status) ? result.status : status };
  }
  const rssFile = join(tmpdir(), `sidecar-lint-bench-rss-${process.pid}`);
  const result = spawnSync(process.execPath, ['--require', hook(), ...args], { cwd: options.cwd, env: { ...env, BENCH_RSS_FILE: rssFile }, stdio: 'ignore' });
  const seconds = (performance.now() - started) / 1000;
  const [kb, cpu] = (existsSync(rssFile) ? readFileSync(rssFile, 'utf8') : 'NaN NaN').split(' ').map(Number);
  rmSync(rssFile, { force: true });
  return { seconds, cpuSeconds: cpu ?? NaN, rssMb: (kb ?? NaN) / 1024, status: result.status };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? NaN) : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
}

/** One command to measure: `node args…`, and what its output must show. */
export interface Command {
  readonly args: readonly string[];
  /** A warm-up run first, not counted, whose output must match: exit status 1 means findings for a linter but also an uncaught error for Node. */
  readonly expect: RegExp;
  readonly env?: Record<string, string>;
  readonly okStatus?: readonly number[];
}

/**
 * Median wall time, CPU time and peak RSS of several runs of each command, run in turn (A B A B…):
 * on a shared machine whose speed drifts within minutes, each ratio then compares like with like.
 */
export function measureAlternating(commands: readonly Command[], options: { cwd: string; runs: number }): Summary[] {
  for (const command of commands) {
    const warmUp = spawnSync(process.execPath, command.args, { cwd: options.cwd, env: { ...process.env, ...command.env }, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    if (!command.expect.test(warmUp.stdout)) {
      throw new Error(`node ${command.args.join(' ')} printed no ${command.expect} (status ${warmUp.status}):\n${warmUp.stderr.slice(0, 2000)}`);
    }
  }
  const samples: Sample[][] = commands.map(() => []);
  for (let run = 0; run < options.runs; run++) {
    commands.forEach((command, index) => {
      const sample = runNode(command.args, { cwd: options.cwd, ...(command.env ? { env: command.env } : {}) });
      if (sample.status === null || !(command.okStatus ?? [0, 1]).includes(sample.status)) {
        throw new Error(`node ${command.args.join(' ')} exited with status ${sample.status}`);
      }
      samples[index]?.push(sample);
    });
  }
  return samples.map((list) => ({
    seconds: median(list.map((sample) => sample.seconds)),
    cpuSeconds: median(list.map((sample) => sample.cpuSeconds)),
    rssMb: median(list.map((sample) => sample.rssMb)),
    runs: list.length,
  }));
}
