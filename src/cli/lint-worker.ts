/**
 * The worker thread of `src/engine/workers.ts`: lints the batches of files it is sent and posts the
 * outcomes back. Its module is the CLI's own (bin/sidecar-lint.cjs, or main.js of the tsc build),
 * which imports this one: it acts only in a thread whose data says it is a lint worker.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { builtinRules } from '../../rules/index.js';
import { lintInput } from '../engine/lint.js';
import type { LintOptions } from '../engine/lint.js';
import type { ConfiguredRule } from '../engine/rule.js';
import { isLintWorker } from '../engine/workers.js';
import type { WorkerBatch, WorkerOutcome, WorkerSetup } from '../engine/workers.js';

function runLintWorker(setup: WorkerSetup): void {
  const byId = new Map(builtinRules.map((rule) => [rule.meta.id, rule]));
  const rules: ConfiguredRule[] = setup.rules.map(({ id, severity, options }) => {
    const rule = byId.get(id);
    if (rule === undefined) throw new Error(`worker: unknown rule ${id}`);
    return { rule, severity, options };
  });
  // Each thread reports a failing rule once (the calling thread once more at most).
  const options: LintOptions = {
    rules,
    kubernetesVersion: setup.kubernetesVersion,
    ...(setup.injection !== undefined ? { injection: setup.injection } : {}),
    reportUnusedSuppressions: setup.reportUnusedSuppressions,
    failedRules: new Set(),
    ...(setup.maxFileSizeMb !== undefined ? { maxFileSizeMb: setup.maxFileSizeMb } : {}),
  };
  parentPort?.on('message', async (batch: WorkerBatch) => {
    const outcomes: WorkerOutcome[] = [];
    // Files only (stdin stays on the calling thread), so the stream is never read here.
    for (const { index, file } of batch.files) outcomes.push({ index, outcome: await lintInput(file, options, process.stdin) });
    parentPort?.postMessage(outcomes);
  });
}

if (!isMainThread && isLintWorker(workerData)) runLintWorker(workerData);
