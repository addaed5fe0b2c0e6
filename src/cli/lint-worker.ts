/** The worker thread entry of `src/engine/workers.ts` (an entry point, like the CLI): lints the batches of files it is sent and posts the outcomes back. */
import { parentPort, workerData } from 'node:worker_threads';
import { builtinRules } from '../../rules/index.js';
import { lintInput } from '../engine/lint.js';
import type { LintOptions } from '../engine/lint.js';
import type { ConfiguredRule } from '../engine/rule.js';
import type { WorkerBatch, WorkerOutcome, WorkerSetup } from '../engine/workers.js';

const setup = workerData as WorkerSetup;
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
