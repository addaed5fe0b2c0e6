/**
 * How the language server runs the plugins of a trusted workspace: as the command line does, and
 * never on the server's own thread. Each config's plugins are first imported by the probe, which
 * stops one that never finishes loading (`plugin-probe.ts`), then loaded and run on a watched
 * worker (`plugin-worker.ts`, `engine/isolated.ts`) that stops a rule that runs past the time limit;
 * a plugin that calls `process.exit` ends its worker, not the server.
 */
import { dirname } from 'node:path';
import { DEFAULT_RULE_TIMEOUT_SECONDS } from '../config/config.js';
import type { ConfigData } from '../config/config.js';
import type { PluginIsolation } from '../lsp/configs.js';
import { ruleTimeoutFrom } from './options.js';
import { probePlugins } from './plugin-probe.js';
import { PLUGIN_WORKER } from './plugin-worker.js';
import type { PluginWorkerSetup } from './plugin-worker.js';

/** `url`: the CLI's own module, which is the worker's too; `env`: for SIDECAR_LINT_RULE_TIMEOUT. */
export function pluginIsolation(url: URL, env: Readonly<Record<string, string | undefined>>): PluginIsolation {
  const timeoutOf = (data: ConfigData) => ruleTimeoutFrom(env.SIDECAR_LINT_RULE_TIMEOUT) ?? data.ruleTimeoutSeconds ?? DEFAULT_RULE_TIMEOUT_SECONDS;
  return {
    probe: (data, configFile) => probePlugins(data, { configFile, cwd: dirname(configFile), url }, timeoutOf(data)),
    entry: (data, configFile) => {
      const setup: PluginWorkerSetup = { kind: PLUGIN_WORKER, configFile, cwd: dirname(configFile), reportUnusedSuppressions: false };
      return { url, setup, timeoutSeconds: timeoutOf(data) };
    },
  };
}
