/**
 * The configuration each open file is linted with: the config file found upward from the file (as
 * the CLI finds it from its working directory), or the one the editor's settings name. Each config
 * file is read once and kept until it changes on disk; when a change breaks it, the last good
 * configuration keeps serving and the error is kept for a diagnostic on the config file.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { findConfigFile, readConfigFile, resolveConfig } from '../config/config.js';
import { compileIgnore } from '../config/ignore.js';
import { loadRuleSet } from '../config/rule-set.js';
import type { AnyRule } from '../engine/rule.js';
import type { EngineOptions } from '../engine/lint-source.js';
import type { IgnoreMatcher } from '../engine/lint.js';

/** What linting one file needs: the engine options, the `ignore:` entries, every known rule (for docs links). */
export interface LintSetup {
  readonly engine: EngineOptions;
  readonly ignore?: IgnoreMatcher;
  readonly rules: readonly AnyRule[];
  /** The config file, when there is one. */
  readonly file?: string;
}

/** A config file that does not load: where and why (line and column when the message names them, 1-based). */
export interface ConfigProblem {
  readonly file: string;
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}

interface Entry {
  /** The newest good setup of this file (or the defaults when it never loaded). */
  good: Promise<LintSetup>;
  problem?: ConfigProblem;
}

async function load(file: string | undefined, cwd: string): Promise<LintSetup> {
  const data = file !== undefined ? readConfigFile(file) : undefined;
  const where = file !== undefined ? { file } : {};
  const ruleSet = await loadRuleSet(data, { cwd, ...where });
  const config = await resolveConfig(data, ruleSet.rules, { cwd, ...where });
  return {
    // No failedRules: a rule that throws is reported on every lint, not only on the first.
    engine: { rules: config.rules, kubernetesVersion: config.kubernetesVersion, ...(config.injection !== undefined ? { injection: config.injection } : {}) },
    ...(config.ignore.length > 0 ? { ignore: compileIgnore(config.ignore, config.baseDir) } : {}),
    rules: ruleSet.rules,
    ...where,
  };
}

/** `…/.sidecar-lint.yaml:3:7: message` → the line and column of a YAML syntax error. */
function problemOf(file: string, error: unknown): ConfigProblem {
  const message = error instanceof Error ? error.message : String(error);
  const at = /:(\d+):(\d+): /.exec(message);
  return at ? { file, message, line: Number(at[1]), column: Number(at[2]) } : { file, message };
}

export class ConfigStore {
  private readonly entries = new Map<string, Entry>();
  private readonly found = new Map<string, string | undefined>();

  /** `configPath`: the editor's setting (relative to `cwd`), used for every file instead of the nearest config. */
  constructor(
    private readonly cwd: string,
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

  /** Config files that do not load now, each with its error. */
  problems(): ConfigProblem[] {
    return [...this.entries.values()].flatMap((entry) => (entry.problem ? [entry.problem] : []));
  }

  /** A config file changed, appeared or went away: forget where configs were found and read this one again. */
  async changed(file: string): Promise<void> {
    this.found.clear();
    const entry = this.entries.get(file);
    if (entry === undefined) return;
    // Gone: files that used it find their config again (a parent's, or the defaults).
    if (!existsSync(file)) {
      this.entries.delete(file);
      return;
    }
    const previous = entry.good;
    entry.good = this.read(file, entry).then((setup) => setup ?? previous);
    await entry.good;
  }

  private entry(file: string | undefined): Entry {
    const key = file ?? '';
    let entry = this.entries.get(key);
    if (entry === undefined) {
      const created: Entry = { good: Promise.resolve(undefined as unknown as LintSetup) };
      created.good = this.read(file, created).then((setup) => setup ?? load(undefined, this.cwd));
      this.entries.set(key, created);
      entry = created;
    }
    return entry;
  }

  /** The setup of `file`, or undefined (and the problem recorded) when it does not load. */
  private async read(file: string | undefined, entry: Entry): Promise<LintSetup | undefined> {
    try {
      const setup = await load(file, file !== undefined ? dirname(file) : this.cwd);
      delete entry.problem;
      return setup;
    } catch (error) {
      // A plugin that fails to import is a config problem here too: the editor keeps serving.
      if (file === undefined) throw error;
      entry.problem = problemOf(file, error);
      return undefined;
    }
  }
}
