/**
 * The worker thread of `src/engine/isolated.ts`: rebuilds the run's rules from the same configuration
 * (plugins, policies and all), says which they are when asked (the language server's way to know
 * them without loading a plugin itself), lints the files it is sent one at a time and posts each outcome back,
 * keeping the watchdog's shared progress up to date. Its module is the CLI's own (`main.ts` starts
 * it when loaded as such a worker), so the bundle keeps its files and the CLI its start-up time.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readConfigFile, resolveConfig } from '../config/config.js';
import { withRuleOverrides } from './rule-option.js';
import { compileIgnore } from '../config/ignore.js';
import { loadRuleSet } from '../config/rule-set.js';
import { lintBytes, lintInput, lintText } from '../engine/lint.js';
import { fixText } from '../fix/fix-text.js';
import type { FixFilter } from '../fix/fix-text.js';
import type { IgnoreMatcher, LintOptions } from '../engine/lint.js';
import { progressReporter } from '../engine/isolated.js';
import type { IsolatedJob, IsolatedReply, IsolatedWorkerData, WorkerRule } from '../engine/isolated.js';
import type { ResolvedConfig } from '../config/config.js';

/** What the CLI hands the worker: where the configuration came from, and the options that are not in it. */
export interface PluginWorkerSetup {
  readonly kind: typeof PLUGIN_WORKER;
  readonly configFile: string;
  readonly cwd: string;
  readonly kubernetesVersion?: string;
  /** `--injector` profiles of the run. */
  readonly injectors?: readonly string[];
  readonly reportUnusedSuppressions: boolean;
  readonly maxFileSizeMb?: number;
  /** `--rule 'id: severity'` settings of the run, over the config file's `rules:`. */
  readonly ruleOverrides?: Readonly<Record<string, unknown>>;
}

export const PLUGIN_WORKER = 'sidecar-lint plugin worker';

/** True in a worker thread started by `isolated.ts` for the CLI. */
export function isPluginWorker(data: unknown): boolean {
  const setup = (data as { setup?: { kind?: unknown } } | null)?.setup;
  return setup?.kind === PLUGIN_WORKER;
}

async function configure(setup: PluginWorkerSetup): Promise<{ config: ResolvedConfig; ignore: IgnoreMatcher | undefined }> {
  const configData = withRuleOverrides(readConfigFile(setup.configFile), setup.ruleOverrides);
  const ruleSet = await loadRuleSet(configData, { cwd: setup.cwd, file: setup.configFile });
  const config = await resolveConfig(configData, ruleSet.rules, {
    cwd: setup.cwd,
    file: setup.configFile,
    ...(setup.kubernetesVersion !== undefined ? { kubernetesVersion: setup.kubernetesVersion } : {}),
    ...(setup.injectors !== undefined ? { injectors: setup.injectors } : {}),
  });
  return { config, ignore: config.ignore.length > 0 ? compileIgnore(config.ignore, config.baseDir) : undefined };
}

/** Configure, then lint what the calling thread sends. */
export function runPluginWorker(): void {
  const data = workerData as IsolatedWorkerData;
  const setup = data.setup as PluginWorkerSetup;
  const onCheck = progressReporter(data.progress);
  const configured = configure(setup);
  parentPort?.on('message', async (job: IsolatedJob) => {
    const { config, ignore } = await configured;
    // The language server learns the rules from here: it does not load plugins itself.
    if (job.describe) {
      const rules: WorkerRule[] = config.rules.map(({ rule }) => ({ id: rule.meta.id, docs: rule.meta.docs }));
      parentPort?.postMessage({ index: job.index, outcome: rules, failed: [] } satisfies IsolatedReply);
      return;
    }
    const ids = config.rules.map((item) => item.rule.meta.id);
    if (ids.join('\n') !== job.ruleIds.join('\n')) throw new Error('the lint worker thread read a different configuration (was the config file changed during the run?)');
    const ignored = ignore?.forFile(job.file.absolutePath);
    // While fixing, each file is linted several times: no run-wide failedRules (see fix-files.ts).
    const fixing = job.fix !== undefined;
    const options: LintOptions = {
      rules: config.rules,
      kubernetesVersion: config.kubernetesVersion,
      ...(config.injection !== undefined ? { injection: config.injection } : {}),
      reportUnusedSuppressions: setup.reportUnusedSuppressions,
      ...(fixing ? {} : { failedRules: new Set(job.failed) }),
      timedOut: job.timedOut,
      onCheck,
      ...(ignored ? { ignored } : {}),
      ...(setup.maxFileSizeMb !== undefined ? { maxFileSizeMb: setup.maxFileSizeMb } : {}),
    };
    const { displayPath } = job.file;
    // Files are read here; stdin comes as the bytes the calling thread read.
    let outcome: unknown;
    if (job.text !== undefined && fixing) outcome = fixText(displayPath, job.text, options, job.fix as FixFilter);
    else if (job.text !== undefined) outcome = { filePath: displayPath, findings: ignore?.skipsFile(job.file.absolutePath) ? [] : lintText(displayPath, job.text, options) };
    else if (job.bytes !== undefined) outcome = { filePath: displayPath, findings: lintBytes(displayPath, job.bytes, options) };
    else outcome = await lintInput(job.file, options, process.stdin);
    parentPort?.postMessage({ index: job.index, outcome, failed: fixing ? job.failed : [...(options.failedRules ?? [])] } satisfies IsolatedReply);
  });
}
