/**
 * The configuration each open file is linted with: the config file found upward from the file (as
 * the CLI finds it from its working directory), or the one the editor's settings name. Each config
 * file is read once and kept until it changes on disk; when a change breaks it, the last good
 * configuration keeps serving and the error is kept for a diagnostic on the config file.
 *
 * A workspace's config is the workspace's code when it names plugins or policies (`trust.ts`): in a
 * workspace the user has not trusted, those are left out and one notice on the config file says so;
 * in a trusted one, plugin rules run as on the command line, on a watched worker thread
 * (`PluginIsolation`, which the CLI provides), and never on the server's own thread.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { findConfigFile, readConfigFile, resolveConfig } from '../config/config.js';
import type { ConfigData } from '../config/config.js';
import { compileIgnore } from '../config/ignore.js';
import { loadRuleSet } from '../config/rule-set.js';
import type { ExplainOptions } from '../engine/explain.js';
import { WatchedRun } from '../engine/isolated.js';
import type { IsolatedEntry, WorkerRule } from '../engine/isolated.js';
import { lintSource } from '../engine/lint-source.js';
import { fixText } from '../fix/fix-text.js';
import type { TextFixResult } from '../fix/fix-text.js';
import type { SourceFile } from '../load/source.js';
import type { FileResult, Finding } from '../types.js';
import type { ConfigProblem } from './config-problem.js';
import { docsLink } from './diagnostics.js';
import { codeIn, untrustedNotice, withoutCode } from './trust.js';

/** What linting one file needs: its lint and fixes with the config's rules and `ignore:` entries, and the rules' pages. */
export interface LintSetup {
  /** The findings of a document's text (`source`, loaded from it); none when the config skips the file. */
  lint(filePath: string, source: SourceFile, text: string): Promise<readonly Finding[]>;
  /** Every automatic fix of the text, as `--fix` makes them. */
  fixAll(filePath: string, text: string): Promise<TextFixResult>;
  /** A rule's page, when it is an `https:` link. */
  docs(ruleId: string): string | undefined;
  /** What `explain` needs of the config (the hover's timeline): the target version, the injector profiles. */
  readonly pods: ExplainOptions;
  /** The config file, when there is one. */
  readonly file?: string;
  /** Stops what the setup started (a worker thread). */
  close(): Promise<void>;
}

/** How plugin rules of a trusted workspace run (the CLI's probe and watched worker). */
export interface PluginIsolation {
  /** Imports the config's plugins on a watched worker; throws when one does not finish loading in time. */
  probe(data: ConfigData, configFile: string): Promise<void>;
  /** The watched worker that loads the config file's rules and lints. */
  entry(data: ConfigData, configFile: string): IsolatedEntry;
}

export interface ConfigOptions {
  /** The user trusts the workspace: its config's plugins and policies run. */
  readonly trusted: boolean;
  readonly isolation: PluginIsolation;
}

interface Entry {
  /** The newest good setup of this file (or the defaults when it never loaded). */
  good: Promise<LintSetup>;
  problem?: ConfigProblem;
}

/** The rules run on this thread: built-ins and, in a trusted workspace, policies. */
async function inProcess(data: ConfigData | undefined, file: string | undefined, cwd: string): Promise<LintSetup> {
  const where = file !== undefined ? { file } : {};
  const ruleSet = await loadRuleSet(data, { cwd, ...where });
  const config = await resolveConfig(data, ruleSet.rules, { cwd, ...where });
  // No failedRules: a rule that throws is reported on every lint, not only on the first.
  const engine = { rules: config.rules, kubernetesVersion: config.kubernetesVersion, ...(config.injection !== undefined ? { injection: config.injection } : {}) };
  const ignore = config.ignore.length > 0 ? compileIgnore(config.ignore, config.baseDir) : undefined;
  const withIgnored = (filePath: string) => {
    const ignored = ignore?.forFile(filePath);
    return ignored ? { ...engine, ignored } : engine;
  };
  const byId = new Map(ruleSet.rules.map((rule) => [rule.meta.id, rule.meta.docs]));
  return {
    lint: async (filePath, source) => (ignore?.skipsFile(filePath) ? [] : lintSource(source, withIgnored(filePath))),
    fixAll: async (filePath, text) => fixText(filePath, text, withIgnored(filePath)),
    docs: (ruleId) => docsLink(byId.get(ruleId)),
    pods: { kubernetesVersion: config.kubernetesVersion, injection: config.injection },
    ...where,
    close: async () => undefined,
  };
}

/** Plugin rules on a watched worker: one job at a time, in the order asked. */
async function onWorker(data: ConfigData, file: string, isolation: PluginIsolation): Promise<LintSetup> {
  await isolation.probe(data, file);
  const { run, rules } = await WatchedRun.describe(isolation.entry(data, file));
  const byId = new Map(rules.map((rule: WorkerRule) => [rule.id, rule.docs]));
  let queue: Promise<unknown> = Promise.resolve();
  const job = <T>(filePath: string, text: string, fix?: object): Promise<T> => {
    const next = queue.then(() => run.run({ index: 0, file: { displayPath: filePath, absolutePath: filePath }, text, ...(fix !== undefined ? { fix } : {}) }));
    queue = next.catch(() => undefined);
    return next as Promise<T>;
  };
  return {
    lint: async (filePath, _source, text) => (await job<FileResult>(filePath, text)).findings,
    fixAll: (filePath, text) => job<TextFixResult>(filePath, text, {}),
    docs: (ruleId) => docsLink(byId.get(ruleId)),
    // The same config without its code gives the version and the profiles, on this thread.
    pods: (await inProcess(withoutCode(data), file, dirname(file))).pods,
    file,
    close: () => run.close(),
  };
}

async function load(file: string | undefined, cwd: string, options: ConfigOptions): Promise<{ setup: LintSetup; notice?: ConfigProblem }> {
  const data = file !== undefined ? readConfigFile(file) : undefined;
  const code = codeIn(data);
  if (file === undefined || data === undefined || (code.plugins === 0 && code.policies === 0)) return { setup: await inProcess(data, file, cwd) };
  if (!options.trusted) return { setup: await inProcess(withoutCode(data), file, cwd), notice: untrustedNotice(file, code) };
  return { setup: code.plugins > 0 ? await onWorker(data, file, options.isolation) : await inProcess(data, file, cwd) };
}

/** `…/.sidecar-lint.yaml:3:7: message` → the line and column of a YAML syntax error. */
function problemOf(file: string, error: unknown): ConfigProblem {
  const message = error instanceof Error ? error.message : String(error);
  const at = /:(\d+):(\d+): /.exec(message);
  return at ? { kind: 'error', file, message, line: Number(at[1]), column: Number(at[2]) } : { kind: 'error', file, message };
}

export class ConfigStore {
  private readonly entries = new Map<string, Entry>();
  private readonly found = new Map<string, string | undefined>();

  /** `configPath`: the editor's setting (relative to `cwd`), used for every file instead of the nearest config. */
  constructor(
    private readonly cwd: string,
    private readonly options: ConfigOptions,
    private readonly configPath?: string,
  ) {}

  /** The config file that applies to a file (undefined: the defaults). */
  fileFor(filePath: string): string | undefined {
    if (this.configPath !== undefined && this.configPath !== '') {
      return isAbsolute(this.configPath) ? this.configPath : resolve(this.cwd, this.configPath);
    }
    const dir = dirname(filePath);
    if (!this.found.has(dir)) this.found.set(dir, findConfigFile(dir));
    return this.found.get(dir);
  }

  setupFor(filePath: string): Promise<LintSetup> {
    return this.entry(this.fileFor(filePath)).good;
  }

  /** Config files that do not load now, each with its error, and those whose code was left out. */
  problems(): ConfigProblem[] {
    return [...this.entries.values()].flatMap((entry) => (entry.problem ? [entry.problem] : []));
  }

  /** A config file changed, appeared or went away: forget where configs were found and read this one again. */
  async changed(file: string): Promise<void> {
    this.found.clear();
    const entry = this.entries.get(file);
    if (entry === undefined) return;
    const previous = entry.good;
    // Gone: files that used it find their config again (a parent's, or the defaults).
    if (!existsSync(file)) {
      this.entries.delete(file);
      await (await previous).close();
      return;
    }
    entry.good = this.read(file, entry).then(async (setup) => {
      if (setup === undefined) return previous;
      await (await previous).close();
      return setup;
    });
    await entry.good;
  }

  /** Stops every worker the setups started. */
  async close(): Promise<void> {
    const setups = [...this.entries.values()].map((entry) => entry.good.catch(() => undefined));
    this.entries.clear();
    await Promise.all(setups.map(async (setup) => (await setup)?.close()));
  }

  private entry(file: string | undefined): Entry {
    const key = file ?? '';
    let entry = this.entries.get(key);
    if (entry === undefined) {
      const created: Entry = { good: Promise.resolve(undefined as unknown as LintSetup) };
      created.good = this.read(file, created).then(async (setup) => setup ?? (await load(undefined, this.cwd, this.options)).setup);
      this.entries.set(key, created);
      entry = created;
    }
    return entry;
  }

  /** The setup of `file`, or undefined (and the problem recorded) when it does not load. */
  private async read(file: string | undefined, entry: Entry): Promise<LintSetup | undefined> {
    try {
      const { setup, notice } = await load(file, file !== undefined ? dirname(file) : this.cwd, this.options);
      if (notice !== undefined) entry.problem = notice;
      else delete entry.problem;
      return setup;
    } catch (error) {
      // A plugin that fails to import is a config problem here too: the editor keeps serving.
      if (file === undefined) throw error;
      entry.problem = problemOf(file, error);
      return undefined;
    }
  }
}
