/**
 * Matching helpers for policies: Kubernetes label selectors (`matchLabels` + `matchExpressions`,
 * with the API server's semantics) and shell-style name globs (`*`, `?`, `[abc]`).
 */

import { re2 } from './re2.js';
export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  readonly values?: readonly string[];
}

export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly LabelSelectorRequirement[];
}

/** True when every requirement of the selector holds for the labels (an empty selector matches all). */
export function matchesSelector(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== String(value)) return false;
  }
  for (const requirement of selector.matchExpressions ?? []) {
    const present = Object.hasOwn(labels, requirement.key);
    const value = labels[requirement.key];
    const values = (requirement.values ?? []).map(String);
    switch (requirement.operator) {
      case 'In':
        if (!present || !values.includes(value ?? '')) return false;
        break;
      case 'NotIn':
        // As in Kubernetes: a missing label satisfies NotIn.
        if (present && values.includes(value ?? '')) return false;
        break;
      case 'Exists':
        if (!present) return false;
        break;
      case 'DoesNotExist':
        if (present) return false;
        break;
    }
  }
  return true;
}

/**
 * `web-*` → a matcher of the whole name: `*` any run of characters, `?` one, `[a-c]`/`[!a]` a
 * class. It runs on RE2 (re2js), in time linear in the name: a glob of many stars on a long name
 * would make a backtracking RegExp run for minutes.
 */
export function globToRegExp(glob: string): { test(name: string): boolean } {
  let matcher = compiledGlobs.get(glob);
  if (matcher === undefined) {
    matcher = compileGlob(glob);
    compiledGlobs.set(glob, matcher);
  }
  return matcher;
}

/** Globs compiled once each: matching runs per pod and container, compiling an RE2 program costs more than a match. */
const compiledGlobs = new Map<string, { test(name: string): boolean }>();

function compileGlob(glob: string): { test(name: string): boolean } {
  let source = '';
  for (let index = 0; index < glob.length; index++) {
    const char = glob[index] ?? '';
    if (char === '*') source += '.*';
    else if (char === '?') source += '.';
    else if (char === '[') {
      const close = glob.indexOf(']', index + 1);
      if (close === -1) source += '\\[';
      else {
        const body = glob.slice(index + 1, close).replace(/\\/g, '\\\\');
        source += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
        index = close;
      }
    } else source += char.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  const compiled = re2().compile(`^${source}$`);
  return { test: (name) => compiled.matcher(name).matches() };
}

/** True when the name matches any of the globs. */
export function matchesAnyGlob(globs: readonly string[], name: string): boolean {
  return globs.some((glob) => globToRegExp(glob).test(name));
}
