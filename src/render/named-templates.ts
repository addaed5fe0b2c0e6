/**
 * The named templates of a chart (`{{ define "web.pod" }}` in `templates/_helpers.tpl`, `_pod.tpl`
 * or any template, the chart's own and its subcharts'), found so that an `include` can be followed
 * into the file that writes its lines. Names are global to a chart and its subcharts, and where
 * two files define one name, the one helm keeps is the one it parses last: helm parses templates
 * by path, deepest first and, at one depth, in reverse order (pkg/engine/engine.go sortTemplates),
 * and a later non-empty definition replaces an earlier one, so the shallowest path, the first in
 * order among equals, wins. Files are named by a bounded walk and read by the caller's reader (the
 * render's FileCache: regular files inside the chart, within --max-file-size).
 */
import { relative, sep } from 'node:path';
import { lineStartsOf } from '../load/lines.js';
import { walkBelow } from './bounded-walk.js';
import { BlockCursor } from './template-blocks.js';
import type { Definition } from './template-blocks.js';
import { scanActions } from './template-actions.js';
import type { Action } from './template-actions.js';

/** How far the walk for template files goes: a chart's templates and its subcharts' are rarely deeper or more. */
export const TEMPLATE_WALK = { maxDepth: 12, maxEntries: 20_000 } as const;
/** Template files read for their definitions, at most. */
export const MAX_TEMPLATE_FILES = 2_000;

/** A template file read: its text and actions, and the definitions in it. */
export interface ReadTemplate {
  readonly file: string;
  readonly text: string;
  readonly actions: readonly Action[];
  /** Offsets where its lines start. */
  readonly lineStarts: readonly number[];
}

export interface NamedTemplate {
  readonly name: string;
  /** The file that defines it, absolute, and as shown: `templates/_pod.tpl` (relative to the chart). */
  readonly file: string;
  readonly shown: string;
  readonly template: ReadTemplate;
  readonly definition: Definition;
}

/** A folder of a chart holds templates: `templates/…`, or a subchart's, `charts/x/templates/…`, at any depth of subcharts. */
const TEMPLATE_FOLDER = /^(?:charts\/[^/]+\/)*(?:templates(?:\/.*)?|charts(?:\/[^/]+)?)$/;
const TEMPLATE_FILE = /^(?:charts\/[^/]+\/)*templates\/.+$/;

/** Whether a definition's body writes something (helm keeps an earlier definition over an empty one). */
function hasBody(template: ReadTemplate, definition: Definition): boolean {
  let at = definition.bodyStart;
  for (const action of template.actions) {
    if (action.start < definition.bodyStart || action.start >= definition.bodyEnd) continue;
    if (template.text.slice(at, action.start).trim() !== '' || action.kind !== 'comment') return true;
    at = action.end;
  }
  return template.text.slice(at, definition.bodyEnd).trim() !== '';
}

/** helm's order of parsing, as a sort key: deeper first, then reverse path order; the last wins. */
function parsedAfter(a: string, b: string): boolean {
  const depthA = a.split('/').length;
  const depthB = b.split('/').length;
  return depthA !== depthB ? depthA < depthB : a < b;
}

export class NamedTemplates {
  private byName: Map<string, NamedTemplate> | undefined;
  /** True when a limit left template files unread: a name not found may be in one of them. */
  incomplete = false;

  constructor(
    /** The root chart's folder (subcharts lie below it). */
    private readonly chartDir: string,
    /** Reads a template file, or undefined when it is not one that may be read. */
    private readonly read: (file: string) => ReadTemplate | undefined,
  ) {}

  find(name: string): NamedTemplate | undefined {
    this.byName ??= this.load();
    return this.byName.get(name);
  }

  private load(): Map<string, NamedTemplate> {
    const walked = walkBelow(this.chartDir, TEMPLATE_WALK, (path) => TEMPLATE_FOLDER.test(path), (path) => TEMPLATE_FILE.test(path));
    this.incomplete = walked.truncated || walked.files.length > MAX_TEMPLATE_FILES;
    const byName = new Map<string, NamedTemplate>();
    for (const file of walked.files.slice(0, MAX_TEMPLATE_FILES)) {
      const template = this.read(file);
      if (template === undefined || !/\{\{-?\s*(?:define|block)\b/.test(template.text)) continue;
      const shown = relative(this.chartDir, file).split(sep).join('/');
      const seen = new Set<string>();
      for (const definition of new BlockCursor(template.actions).finish().definitions) {
        // One file's second definition of a name is a parse error to helm: the first stands.
        if (seen.has(definition.name) || !hasBody(template, definition)) continue;
        seen.add(definition.name);
        const known = byName.get(definition.name);
        if (known === undefined || parsedAfter(shown, known.shown)) byName.set(definition.name, { name: definition.name, file, shown, template, definition });
      }
    }
    return byName;
  }
}

/** A reading of a template file's text, scanned once: for `NamedTemplates` and the template trees. */
export function readTemplate(file: string, text: string): ReadTemplate {
  return { file, text, actions: scanActions(text), lineStarts: lineStartsOf(text) };
}
