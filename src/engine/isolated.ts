/**
 * Linting with rules that may never return (plugin rules): every file is linted on one worker
 * thread, never on the calling thread, which keeps a watchdog. The worker says through shared
 * memory which rule it is checking on which pod spec; a check that runs past the time limit gets
 * the worker terminated, the rule recorded as timed out (an `internal-error` finding where it
 * stopped, skipped for the rest of the run), and the file linted again on a fresh worker. Files go
 * one at a time, in input order.
 */
import { Worker } from 'node:worker_threads';
import type { InputFile } from '../load/inputs.js';
import { readInput } from '../load/read-input.js';
import type { FileResult, ReadProblem } from '../types.js';
import type { TimedOutRule } from './lint-source.js';

/** The worker thread's module and what it needs to rebuild the run's rules (the caller's own data). */
export interface IsolatedEntry {
  readonly url: URL;
  readonly setup: unknown;
  /** Longest time one rule may take on one pod spec. */
  readonly timeoutSeconds: number;
}

/** The worker's `workerData`. */
export interface IsolatedWorkerData {
  readonly setup: unknown;
  /** Int32Array view: [0] generation (one per check), [1] rule index + 1 (0: none running), [2] pod ordinal. */
  readonly progress: SharedArrayBuffer;
}

/** One file for the worker: stdin travels as the bytes read here; a file being fixed as its text. */
export interface IsolatedJob {
  readonly index: number;
  readonly file: InputFile;
  readonly bytes?: Uint8Array;
  readonly text?: string;
  /** With `text`: fix the text with this fix filter (the fix stage's), instead of linting it. */
  readonly fix?: unknown;
  /** Instead of a file: the worker's rules, once it has loaded them (`WorkerRule[]`). */
  readonly describe?: true;
  /** The ids of the run's rules, in order: the worker checks it rebuilt the same list. */
  readonly ruleIds: readonly string[];
  readonly timedOut: readonly TimedOutRule[];
  /** Rules whose failure was already reported in this run. */
  readonly failed: readonly string[];
}

/** A rule of the worker's run, as the calling thread needs to know it without loading it. */
export interface WorkerRule {
  readonly id: string;
  readonly docs: string;
}

export interface IsolatedReply {
  readonly index: number;
  /** A FileResult or a read problem; with `fix`, the fix stage's result for the text. */
  readonly outcome: unknown;
  readonly failed: readonly string[];
}

/** For the worker: the `onCheck` hook that keeps the shared progress up to date. */
export function progressReporter(buffer: SharedArrayBuffer): (pod: number, rule: number) => void {
  const progress = new Int32Array(buffer);
  return (pod, rule) => {
    Atomics.store(progress, 2, pod);
    Atomics.store(progress, 1, rule + 1);
    Atomics.add(progress, 0, 1);
  };
}

/** The worker thread ended (a plugin made it exit, or it ran out of memory). */
export class WorkerStopped extends Error {
  constructor(readonly exitCode: number) {
    super(`the lint worker thread stopped (exit code ${exitCode})`);
  }
}

type Attempt = { readonly reply: IsolatedReply } | { readonly stopped: { readonly rule: number; readonly pod: number } };

/** One worker thread and its watchdog. */
class WatchedWorker {
  private readonly progress = new Int32Array(new SharedArrayBuffer(12));
  private readonly worker: Worker;
  private settle: ((attempt: Attempt) => void) | undefined;
  private fail: ((error: Error) => void) | undefined;

  constructor(entry: IsolatedEntry) {
    this.worker = new Worker(entry.url, { workerData: { setup: entry.setup, progress: this.progress.buffer } satisfies IsolatedWorkerData });
    this.worker.on('message', (reply: IsolatedReply) => this.settle?.({ reply }));
    this.worker.on('error', (error) => this.fail?.(error));
    this.worker.on('exit', (code) => this.fail?.(new WorkerStopped(code)));
  }

  /**
   * Lint one file; stop the worker when one check runs longer than `limitMs` (with `wholeJob`, when
   * the job does: loading the rules is no check).
   */
  lint(job: IsolatedJob, limitMs: number, wholeJob = false): Promise<Attempt> {
    return new Promise<Attempt>((resolve, reject) => {
      let seen = -1;
      let since = Date.now();
      const watch = setInterval(() => {
        const generation = Atomics.load(this.progress, 0);
        const rule = Atomics.load(this.progress, 1) - 1;
        if (!wholeJob && (rule < 0 || generation !== seen)) {
          seen = generation;
          since = Date.now();
        } else if (Date.now() - since >= limitMs) {
          done();
          void this.worker.terminate();
          resolve({ stopped: { rule, pod: Atomics.load(this.progress, 2) } });
        }
      }, Math.max(10, Math.min(250, limitMs / 10)));
      const done = () => {
        clearInterval(watch);
        this.settle = undefined;
        this.fail = undefined;
      };
      this.settle = (attempt) => {
        done();
        resolve(attempt);
      };
      this.fail = (error) => {
        done();
        reject(error);
      };
      this.worker.postMessage(job);
    });
  }

  /** Stops the worker; a job still running fails. */
  close(): Promise<number> {
    const fail = this.fail;
    this.fail = undefined;
    fail?.(new Error('the lint worker thread was stopped (the configuration changed)'));
    return this.worker.terminate();
  }
}

/**
 * Jobs of one run on a watched worker: a rule that runs past the time limit gets the worker
 * terminated and the job done again on a fresh worker, without that rule (recorded as timed out,
 * for the rest of the run).
 */
export class WatchedRun {
  private worker: WatchedWorker | undefined;
  private readonly timedOut: TimedOutRule[] = [];
  private failed: readonly string[] = [];

  constructor(
    private readonly entry: IsolatedEntry,
    private readonly ruleIds: readonly string[],
  ) {}

  /**
   * A run whose rules only its worker loads (the language server's, with plugin rules): their ids
   * and docs, asked of a fresh worker; throws when loading takes longer than the time limit.
   */
  static async describe(entry: IsolatedEntry): Promise<{ run: WatchedRun; rules: readonly WorkerRule[] }> {
    const worker = new WatchedWorker(entry);
    const job: IsolatedJob = { index: 0, file: { displayPath: '' }, describe: true, ruleIds: [], timedOut: [], failed: [] };
    const attempt = await worker.lint(job, entry.timeoutSeconds * 1000, true).catch(async (error: unknown) => {
      await worker.close();
      throw error instanceof WorkerStopped ? new Error(`the worker thread that loads the configuration's rules stopped (exit code ${error.exitCode}): does a plugin exit the process when it is imported?`) : error;
    });
    if (!('reply' in attempt)) throw new Error(`the configuration's rules did not finish loading within ${entry.timeoutSeconds} s (does a plugin loop while it is imported?); raise ruleTimeoutSeconds if it is only slow`);
    const rules = attempt.reply.outcome as readonly WorkerRule[];
    const run = new WatchedRun(entry, rules.map((rule) => rule.id));
    run.worker = worker;
    return { run, rules };
  }

  async run(job: Omit<IsolatedJob, 'ruleIds' | 'timedOut' | 'failed'>): Promise<unknown> {
    for (;;) {
      const worker = (this.worker ??= new WatchedWorker(this.entry));
      // A worker that failed (a plugin made it exit) is not given the next job.
      const attempt = await worker.lint({ ...job, ruleIds: this.ruleIds, timedOut: this.timedOut, failed: this.failed }, this.entry.timeoutSeconds * 1000).catch((error: unknown) => {
        if (this.worker === worker) this.worker = undefined;
        throw error;
      });
      if ('reply' in attempt) {
        this.failed = attempt.reply.failed;
        return attempt.reply.outcome;
      }
      // The worker is being terminated: do the job again on a fresh one, without that rule.
      this.worker = undefined;
      const ruleId = this.ruleIds[attempt.stopped.rule];
      if (ruleId === undefined) throw new Error(`the lint worker thread reported an unknown rule #${attempt.stopped.rule}`);
      this.timedOut.push({ ruleId, filePath: job.file.displayPath, pod: attempt.stopped.pod, seconds: this.entry.timeoutSeconds });
    }
  }

  async close(): Promise<void> {
    await this.worker?.close();
    this.worker = undefined;
  }
}

/** Lint `files` on a watched worker thread; `deliver` receives every outcome in input order. */
export async function lintIsolated(
  files: readonly InputFile[],
  entry: IsolatedEntry,
  ruleIds: readonly string[],
  read: { readonly stdin: NodeJS.ReadableStream; readonly maxFileSizeMb?: number | undefined },
  deliver: (outcome: FileResult | ReadProblem) => void,
): Promise<void> {
  const watched = new WatchedRun(entry, ruleIds);
  try {
    for (const [index, file] of files.entries()) {
      let bytes: Uint8Array | undefined;
      // stdin can only be read here: its bytes go to the worker.
      if (file.absolutePath === undefined) {
        const got = await readInput(file, read.stdin, read.maxFileSizeMb);
        if ('problem' in got) {
          deliver(got.problem);
          continue;
        }
        if ('finding' in got) {
          deliver({ filePath: file.displayPath, findings: [got.finding] });
          continue;
        }
        bytes = got.bytes;
      }
      deliver((await watched.run({ index, file, ...(bytes !== undefined ? { bytes } : {}) })) as FileResult | ReadProblem);
    }
  } finally {
    await watched.close();
  }
}
