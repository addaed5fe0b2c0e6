/**
 * The charts below a folder by the names their Chart.yaml files give, for rendered stdin that says
 * which chart it came from only by name (`# Source: web/templates/x.yaml` of
 * `helm template charts/web | sidecar-lint -`). The search is bounded (`CHART_SEARCH`: folder
 * depth, entries read, hidden folders and node_modules left out, links to folders not followed)
 * and each Chart.yaml is read by the caller's reader (a regular file inside the folder, within
 * --max-file-size).
 */
import { dirname, sep } from 'node:path';
import { readDocument } from '../load/read-document.js';
import { isRecord } from '../load/values.js';
import { walkBelow } from './bounded-walk.js';

/** How far below the working directory charts are looked for. */
export const CHART_SEARCH = { maxDepth: 6, maxEntries: 20_000 } as const;

/** Chart folders by chart name: those not inside another chart's folder first (a subchart renders with its parent). */
export type ChartsByName = ReadonlyMap<string, readonly string[]>;

function insideOther(dir: string, dirs: readonly string[]): boolean {
  return dirs.some((other) => other !== dir && dir.startsWith(`${other}${sep}`));
}

export function chartsBelow(base: string, read: (file: string) => string | undefined): ChartsByName {
  const skipped = (relative: string) => {
    const name = relative.slice(relative.lastIndexOf('/') + 1);
    return name.startsWith('.') || name === 'node_modules';
  };
  const walked = walkBelow(base, CHART_SEARCH, (relative) => !skipped(relative), (relative) => relative === 'Chart.yaml' || relative.endsWith('/Chart.yaml'));
  const found: { name: string; dir: string }[] = [];
  for (const file of walked.files) {
    const text = read(file);
    if (text === undefined) continue;
    const parsed = readDocument(text, 0);
    const name = 'value' in parsed && isRecord(parsed.value) ? parsed.value.name : undefined;
    if (typeof name === 'string' && name !== '') found.push({ name, dir: dirname(file) });
  }
  const dirs = found.map((chart) => chart.dir);
  const byName = new Map<string, string[]>();
  for (const { name, dir } of found) {
    let list = byName.get(name);
    if (list === undefined) byName.set(name, (list = []));
    list.push(dir);
  }
  for (const [name, list] of byName) {
    const tops = list.filter((dir) => !insideOther(dir, dirs));
    byName.set(name, tops.length > 0 ? tops : list);
  }
  return byName;
}
