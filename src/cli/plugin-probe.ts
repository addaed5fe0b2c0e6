/**
 * Plugins are imported on the main thread, and a module that loops while it is evaluated would
 * hang the run there, out of any timer's reach. So, before that, a worker thread imports the
 * config's plugins with a watchdog: each import gets the rule time limit, and one that runs past
 * it is a configuration error naming the plugin. A plugin that loads is then imported again on the
 * main thread (module evaluation runs twice; plugins are expected to have no side effects). Any
 * other failure is left to the main thread, which reports it as it always has.
 */
import { Worker, parentPort, workerData } from 'node:worker_threads';
import { relative } from 'node:path';
import { ConfigError } from '../config/config.js';
import type { ConfigData } from '../config/config.js';
import { loadRuleSet } from '../config/rule-set.js';

const PLUGIN_PROBE = 'sidecar-lint plugin probe';

interface ProbeSetup {
  readonly kind: typeof PLUGIN_PROBE;
  readonly plugins: readonly string[];
  readonly configFile: string;
  readonly cwd: string;
}

type ProbeMessage = { readonly loading: number } | { readonly done: true };

/** True in a worker thread started by `probePlugins`. */
export function isPluginProbe(data: unknown): boolean {
  return (data as { kind?: unknown } | null)?.kind === PLUGIN_PROBE;
}

/** The probe's side: import each plugin, saying which one is next. */
export function runPluginProbe(): void {
  const setup = workerData as ProbeSetup;
  const post = (message: ProbeMessage) => parentPort?.postMessage(message);
  const done = () => post({ done: true });
  loadRuleSet({ plugins: [...setup.plugins] }, { cwd: setup.cwd, file: setup.configFile, builtins: [], beforePluginImport: (index) => post({ loading: index }) })
    .then(done, done);
}

/**
 * Import the plugins of `data` on a watched worker (`url`: the CLI's module); throws a ConfigError
 * when one takes longer than `timeoutSeconds` to load.
 */
export async function probePlugins(data: ConfigData | undefined, where: { configFile: string; cwd: string; url: URL }, timeoutSeconds: number): Promise<void> {
  const plugins = (data as { plugins?: unknown } | undefined)?.plugins;
  if (!Array.isArray(plugins) || plugins.length === 0 || !plugins.every((item) => typeof item === 'string')) return;
  const setup: ProbeSetup = { kind: PLUGIN_PROBE, plugins, configFile: where.configFile, cwd: where.cwd };
  const worker = new Worker(where.url, { workerData: setup });
  let current = -1;
  try {
    await new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          const file = relative(where.cwd, where.configFile) || where.configFile;
          const specifier = String(plugins[current] ?? plugins[0]);
          reject(new ConfigError(
            `invalid config ${file}: plugins[${Math.max(current, 0)}] (${specifier}): did not finish loading within ${timeoutSeconds} s ` +
              '(does it loop while it is imported?); raise ruleTimeoutSeconds if it is only slow',
          ));
        }, timeoutSeconds * 1000);
      };
      arm();
      worker.on('message', (message: ProbeMessage) => {
        if ('done' in message) {
          clearTimeout(timer);
          resolve();
        } else {
          current = message.loading;
          arm();
        }
      });
      worker.on('error', () => {
        clearTimeout(timer);
        resolve();
      });
      worker.on('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  } finally {
    await worker.terminate();
  }
}
