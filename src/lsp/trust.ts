/**
 * What of a workspace's config is code, and so waits for the user's trust: `plugins:` (modules it
 * imports and runs) and `policies:` (JSON Schemas, which ajv compiles into JavaScript; ajv treats a
 * schema as trusted code). A config with them, in a workspace that is not trusted, is used without
 * them (and without the settings that name their rules), and one notice on the config file says
 * what was left out and how to allow it. The server never renders charts, so no renderer binary a
 * config names is ever run by it.
 */
import { MAX_CONFIG_FILE_BYTES, readTextWithin } from '../config/config-text.js';
import type { ConfigData } from '../config/config.js';
import type { ConfigProblem } from './config-problem.js';

export interface CodeInConfig {
  readonly plugins: number;
  readonly policies: number;
}

function countOf(value: unknown): number {
  return Array.isArray(value) ? value.length : 0;
}

export function codeIn(data: ConfigData | undefined): CodeInConfig {
  const given = typeof data === 'object' && data !== null ? data : {};
  return { plugins: countOf((given as ConfigData).plugins), policies: countOf((given as ConfigData).policies) };
}

/** The config without plugins and policies, and without the `rules:` and `ignore:` settings of their rules. */
export function withoutCode(data: ConfigData): ConfigData {
  const { plugins: _plugins, policies, ...rest } = data;
  const policyIds = new Set((Array.isArray(policies) ? policies : []).map((policy: unknown) => (policy as { id?: unknown } | null)?.id));
  // A plugin's rules are `<plugin>/<rule>`; a policy's id is its own.
  const theirs = (id: string) => id.includes('/') || policyIds.has(id);
  const rules = rest.rules === undefined ? undefined : Object.fromEntries(Object.entries(rest.rules).filter(([id]) => !theirs(id)));
  const ignore = rest.ignore?.flatMap((entry) => {
    if (!Array.isArray(entry.rules)) return [entry];
    const kept = entry.rules.filter((id) => typeof id !== 'string' || !theirs(id));
    // An entry left with no rules would ignore every rule: it goes.
    return kept.length === 0 ? [] : [{ ...entry, rules: kept }];
  });
  return { ...rest, ...(rules !== undefined ? { rules } : {}), ...(ignore !== undefined ? { ignore } : {}) };
}

function plural(count: number, word: string, words: string): string {
  return `${count} ${count === 1 ? word : words}`;
}

/** The line of `plugins:` (or `policies:`) in the config file's text, for the notice. */
function lineOf(file: string): number | undefined {
  try {
    const text = readTextWithin(file, MAX_CONFIG_FILE_BYTES) ?? '';
    const at = /^[ \t]*["']?(?:plugins|policies)["']?[ \t]*:/m.exec(text);
    return at === null ? undefined : text.slice(0, at.index).split('\n').length;
  } catch {
    return undefined;
  }
}

export function untrustedNotice(file: string, code: CodeInConfig): ConfigProblem {
  const left = [code.plugins > 0 ? plural(code.plugins, 'plugin', 'plugins') : '', code.policies > 0 ? plural(code.policies, 'policy', 'policies') : ''].filter(Boolean).join(' and ');
  const message =
    `Not loaded: the ${left} of this configuration, which run code, because the workspace is not trusted; the built-in rules still lint. ` +
    'To load them, trust the workspace (VS Code: "Workspaces: Manage Workspace Trust"), or give the language server the initialization option "trustWorkspace": true.';
  const line = lineOf(file);
  return { kind: 'untrusted', file, message, ...(line !== undefined ? { line, column: 1 } : {}) };
}
