/**
 * Which open documents the server lints: YAML and JSON files, but not unrendered Helm templates
 * (files under a chart's `templates/` folder, or text with template actions where YAML values or
 * lines begin, or that does not parse and has `{{` in it), and, among the rest, only those that hold
 * a Kubernetes object or look as if they meant to (a broken one still gets its parse error).
 * Rendered manifests may quote `{{ … }}` in strings (alert templates, Argo parameters): those are linted.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { SourceFile } from '../load/source.js';

const LANGUAGES = new Set(['yaml', 'json', 'jsonc', 'helm']);
const EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/** A file inside `templates/` (at any depth) of a folder that holds a `Chart.yaml`. */
export function inHelmChart(filePath: string): boolean {
  let dir = dirname(filePath);
  for (;;) {
    const parent = dirname(dir);
    if (parent === dir) return false;
    if (basename(dir) === 'templates' && existsSync(join(parent, 'Chart.yaml'))) return true;
    dir = parent;
  }
}

/** Whether to read the document at all. */
export function mayLint(filePath: string, languageId: string, text: string): boolean {
  if (!LANGUAGES.has(languageId) && !EXTENSIONS.has(extname(filePath).toLowerCase())) return false;
  if (languageId === 'helm') return false;
  return !inHelmChart(filePath);
}

/** `{{` that starts a line, a plain value or a sequence item: a template action, not text in a string. */
const TEMPLATE_ACTION = /^\{\{|^[ \t]*\{\{-|:[ \t]+\{\{|^[ \t]*-[ \t]+\{\{/m;

export function isUnrenderedTemplate(source: SourceFile, text: string): boolean {
  if (!text.includes('{{')) return false;
  return source.problems.length > 0 || TEMPLATE_ACTION.test(text);
}

const KUBERNETES_KEYS = /^(?:apiVersion|kind)\s*:|^\s*"(?:apiVersion|kind)"\s*:/m;

/** Whether the loaded file is Kubernetes: it has an object, or a document that did not read but names an apiVersion or kind. */
export function isKubernetes(source: SourceFile, text: string): boolean {
  if (isUnrenderedTemplate(source, text)) return false;
  return source.objects.length > 0 || (source.problems.length > 0 && KUBERNETES_KEYS.test(text));
}
