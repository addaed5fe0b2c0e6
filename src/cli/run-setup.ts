/**
 * What a lint or explain run is set up from, given the parsed options: the config file (plugins
 * probed first on a watched worker), its rules, the render settings for charts and kustomizations,
 * the engine's options, and the watched worker plugin rules lint on.
 */
import { resolve } from 'node:path';
import { DEFAULT_RULE_TIMEOUT_SECONDS, findConfigFile, readConfigFile, resolveConfig } from '../config/config.js';
import { compileIgnore } from '../config/ignore.js';
import { loadRuleSet } from '../config/rule-set.js';
import type { RenderSettings } from '../render/settings.js';
import { builtinRules } from '../../rules/index.js';
import { ruleTimeoutFrom, UsageError, workersFrom } from './options.js';
import type { parseArguments } from './options.js';
import { ruleOverridesFrom, withRuleOverrides } from './rule-option.js';
import { probePlugins } from './plugin-probe.js';
import { PLUGIN_WORKER } from './plugin-worker.js';
import type { PluginWorkerSetup } from './plugin-worker.js';
import { didYouMean } from '../config/did-you-mean.js';

/** What the CLI reads of its environment for a run. */
export interface SetUpIO {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdin: NodeJS.ReadableStream;
}

export type Values = ReturnType<typeof parseArguments>['values'];

/** `moduleUrl`: the CLI module, which the plugin probe and the watched worker load (itself, in the bundle). */
export async function setUp(values: Values, io: SetUpIO, maxFileSizeMb: number | undefined, moduleUrl: URL) {
  const configFile = values.config !== undefined ? resolve(io.cwd, values.config) : findConfigFile(io.cwd);
  // --rule 'id: severity': this run's settings over the config file's.
  const ruleOverrides = ruleOverridesFrom(values.rule);
  const configData = withRuleOverrides(configFile !== undefined ? readConfigFile(configFile) : undefined, ruleOverrides);
  if (configFile !== undefined) {
    const configured = (configData as { ruleTimeoutSeconds?: unknown } | undefined)?.ruleTimeoutSeconds;
    const timeout = ruleTimeoutFrom(io.env.SIDECAR_LINT_RULE_TIMEOUT) ?? (typeof configured === 'number' && configured > 0 ? configured : DEFAULT_RULE_TIMEOUT_SECONDS);
    await probePlugins(configData, { configFile, cwd: io.cwd, url: moduleUrl }, timeout);
  }
  const ruleSet = await loadRuleSet(configData, { cwd: io.cwd, ...(configFile !== undefined ? { file: configFile } : {}) });
  // A mistyped --rule is the command line's mistake, not the config file's.
  const ids = ruleSet.rules.map((rule) => rule.meta.id);
  for (const id of Object.keys(ruleOverrides ?? {})) {
    if (!ids.includes(id)) throw new UsageError(`--rule ${id}: unknown rule${didYouMean(id, ids) || ' (run sidecar-lint --list-rules)'}`);
  }
  const config = await resolveConfig(configData, ruleSet.rules, {
    cwd: io.cwd,
    ...(configFile !== undefined ? { file: configFile } : {}),
    ...(values['kube-version'] !== undefined ? { kubernetesVersion: values['kube-version'] } : {}),
    ...(values.injector !== undefined ? { injectors: values.injector } : {}),
  });

  // Charts and kustomizations (src/render/): binaries from the flags, the config, or this PATH.
  const helmConfig = configData?.helm ?? {};
  const configDir = configFile !== undefined ? resolve(configFile, '..') : io.cwd;
  const helmValues = [...(helmConfig.values ?? []).map((file) => resolve(configDir, file)), ...(values.values ?? []).map((file) => resolve(io.cwd, file))];
  // A bare name is looked up on PATH; a path is relative to where it was written.
  const binaryFrom = (given: string | undefined, dir: string) => (given === undefined || !/[\\/]/.test(given) ? given : resolve(dir, given));
  const helmBinary = binaryFrom(values.helm, io.cwd) ?? binaryFrom(helmConfig.binary, configDir);
  const kustomizeBinary = binaryFrom(values.kustomize, io.cwd) ?? binaryFrom(configData?.kustomize?.binary, configDir);
  const renderSettings: RenderSettings = {
    helm: {
      ...helmConfig,
      ...(helmBinary !== undefined ? { binary: helmBinary } : {}),
      values: helmValues,
      // Templates that ask .Capabilities.KubeVersion see the version the run lints for, when one is given.
      ...(helmConfig.kubeVersion === undefined && (values['kube-version'] ?? configData?.kubernetesVersion) !== undefined
        ? { kubeVersion: values['kube-version'] ?? configData?.kubernetesVersion }
        : {}),
    },
    ...(kustomizeBinary !== undefined ? { kustomize: kustomizeBinary } : {}),
    ...(configData?.kustomize?.allowRemote === true ? { allowRemote: true } : {}),
    ...(configData?.render !== undefined ? { limits: configData.render } : {}),
    env: { ...(io.env.PATH !== undefined ? { PATH: io.env.PATH } : {}), ...(io.env.HOME !== undefined ? { HOME: io.env.HOME } : {}) },
    cwd: io.cwd,
    ...(configData?.rendererMissing !== undefined ? { missing: configData.rendererMissing } : {}),
  };
  const engine = {
    render: renderSettings,
    ...(values['stdin-filename'] !== undefined ? { stdinFilename: values['stdin-filename'] } : {}),
    rules: config.rules,
    kubernetesVersion: config.kubernetesVersion,
    ...(config.injection !== undefined ? { injection: config.injection } : {}),
    cwd: io.cwd,
    stdin: io.stdin,
    workers: workersFrom(io.env.SIDECAR_LINT_WORKERS),
    // The CLI's own module is the lint worker's too (lint-worker.ts acts in such a thread).
    workerEntry: { url: moduleUrl, rules: builtinRules },
    reportUnusedSuppressions: values['report-unused-suppressions'],
    ...(config.ignore.length > 0 ? { ignore: compileIgnore(config.ignore, config.baseDir) } : {}),
    ...(maxFileSizeMb !== undefined ? { maxFileSizeMb } : {}),
  };
  // A plugin rule may never return: such runs lint on a watched worker thread, with a time limit.
  const ruleTimeout = ruleTimeoutFrom(io.env.SIDECAR_LINT_RULE_TIMEOUT) ?? config.ruleTimeoutSeconds;
  const plugged = configFile !== undefined && config.rules.some((configured) => configured.rule.meta.plugin !== undefined);
  const setup: PluginWorkerSetup | undefined = plugged ? {
    kind: PLUGIN_WORKER,
    configFile,
    cwd: io.cwd,
    ...(values['kube-version'] !== undefined ? { kubernetesVersion: values['kube-version'] } : {}),
    ...(values.injector !== undefined ? { injectors: values.injector } : {}),
    reportUnusedSuppressions: values['report-unused-suppressions'],
    ...(maxFileSizeMb !== undefined ? { maxFileSizeMb } : {}),
    ...(ruleOverrides !== undefined ? { ruleOverrides } : {}),
  } : undefined;
  const isolate = setup === undefined ? undefined : { url: moduleUrl, setup, timeoutSeconds: ruleTimeout };
  return { configData, ruleSet, config, engine, isolate };
}

