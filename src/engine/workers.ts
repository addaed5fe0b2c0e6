/**
 * Linting many files on several threads. The main thread walks the inputs and lints too; worker
 * threads take batches of files from a shared queue. Results are handed on strictly in input order,
 * so the output is the same as a single-threaded run whatever thread finishes first.
 */
import { Worker } from 'node:worker_threads';
import type { InputFile } from '../load/inputs.js';
import type { AnyRule, ConfiguredRule } from './rule.js';
import type { FileResult, ReadProblem, Severity } from '../types.js';
import type { KubeVersion } from '../model/kube-version.js';
import type { InjectionSettings } from '../model/injectors/index.js';

/** Marks a lint worker's data, so that a one-file bundle loaded as a worker knows to be one. */
export const LINT_WORKER = 'sidecar-lint lint worker';

/** What a worker needs to rebuild the run's options: rules travel by id (code cannot cross threads). */
export interface WorkerSetup {
  readonly kind: typeof LINT_WORKER;
  readonly rules: readonly { readonly id: string; readonly severity: Severity; readonly options: Readonly<Record<string, unknown>> }[];
  readonly kubernetesVersion: KubeVersion;
  readonly injection?: InjectionSettings;
  readonly reportUnusedSuppressions: boolean;
  readonly maxFileSizeMb: number | undefined;
}

/** True in a worker thread started by `lintInParallel`. */
export function isLintWorker(data: unknown): data is WorkerSetup {
  return (data as { kind?: unknown } | null)?.kind === LINT_WORKER;
}

export interface WorkerBatch {
  readonly files: readonly { readonly index: number; readonly file: InputFile & { readonly absolutePath: string } }[];
}

export interface WorkerOutcome {
  readonly index: number;
  readonly outcome: FileResult | ReadProblem;
}

/** Files per batch: small enough to balance the threads, large enough to keep messages rare. */
const BATCH = 16;
/**
 * How many worker threads to start: the number asked for, or none by default. Measured on 2 cores,
 * a worker did not shorten a run (V8's own garbage-collection threads already keep the second core
 * busy) and added ~40 MB of peak memory; `SIDECAR_LINT_WORKERS=N` opts in on bigger machines.
 */
export function workerCount(requested?: number): number {
  return requested === undefined ? 0 : Math.max(0, Math.floor(requested));
}

/**
 * The worker thread's module (an entry point of the command line, `src/cli/lint-worker.ts`) and the
 * rules it can rebuild by id. The engine does not know the rule catalogue: the caller hands it over.
 */
export interface WorkerEntry {
  readonly url: URL;
  readonly rules: readonly AnyRule[];
}

/** Workers find rules by id among the entry's rules: plugin rules and policies stay on the calling thread. */
export function onlyKnownRules(rules: readonly ConfiguredRule[], entry: WorkerEntry): boolean {
  return rules.every((configured) => entry.rules.includes(configured.rule));
}

export function workerSetup(
  rules: readonly ConfiguredRule[],
  kubernetesVersion: KubeVersion,
  reportUnusedSuppressions: boolean,
  maxFileSizeMb: number | undefined,
  injection?: InjectionSettings,
): WorkerSetup {
  return { kind: LINT_WORKER, rules: rules.map(({ rule, severity, options }) => ({ id: rule.meta.id, severity, options })), kubernetesVersion, reportUnusedSuppressions, maxFileSizeMb, ...(injection !== undefined ? { injection } : {}) };
}

/**
 * Lint `files` with `workers` worker threads plus the calling thread; `lintHere` lints one file on
 * the calling thread; `deliver` receives every outcome in input order.
 */
export async function lintInParallel(
  files: readonly InputFile[],
  workers: number,
  entry: WorkerEntry,
  setup: WorkerSetup,
  lintHere: (file: InputFile) => Promise<FileResult | ReadProblem>,
  deliver: (outcome: FileResult | ReadProblem) => void,
): Promise<void> {
  const outcomes = new Map<number, FileResult | ReadProblem>();
  let nextToDeliver = 0;
  let nextToTake = 0;
  const flush = () => {
    for (let outcome = outcomes.get(nextToDeliver); outcome !== undefined; outcome = outcomes.get(nextToDeliver)) {
      outcomes.delete(nextToDeliver);
      deliver(outcome);
      nextToDeliver++;
    }
  };
  const take = (): WorkerBatch['files'] => {
    const batch: { index: number; file: InputFile & { readonly absolutePath: string } }[] = [];
    while (batch.length < BATCH && nextToTake < files.length) {
      const index = nextToTake++;
      const file = files[index];
      // stdin can only be read here: leave it to the calling thread.
      if (file === undefined) continue;
      const { absolutePath } = file;
      if (absolutePath === undefined) {
        nextToTake--;
        break;
      }
      batch.push({ index, file: { ...file, absolutePath } });
    }
    return batch;
  };

  const threads = Array.from({ length: workers }, () => startWorker(entry.url, setup, take, (outcome) => {
    outcomes.set(outcome.index, outcome.outcome);
    flush();
  }));

  // The calling thread lints one file at a time, letting worker messages through between files.
  while (nextToTake < files.length) {
    const index = nextToTake++;
    const file = files[index];
    if (file !== undefined) outcomes.set(index, await lintHere(file));
    flush();
    await new Promise((resolve) => setImmediate(resolve));
  }
  await Promise.all(threads);
  flush();
}

function startWorker(url: URL, setup: WorkerSetup, take: () => WorkerBatch['files'], receive: (outcome: WorkerOutcome) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(url, { workerData: setup });
    let pending: WorkerBatch['files'] = [];
    const send = () => {
      pending = take();
      if (pending.length === 0) void worker.terminate().then(() => resolve());
      else worker.postMessage({ files: pending } satisfies WorkerBatch);
    };
    worker.on('message', (outcomes: readonly WorkerOutcome[]) => {
      for (const outcome of outcomes) receive(outcome);
      send();
    });
    worker.on('error', (error) => reject(error));
    worker.on('online', send);
  });
}
