/**
 * Links that lead out of a chart. helm reads a chart's files through symbolic links, so a link to
 * `/home/me/.ssh/id_rsa` in a chart's `files/` puts that file where a template asks for it
 * (`.Files.Get`), and from there in findings. A chart is rendered only when every link in it
 * leads to a path inside it, compared as real paths (a link that leads nowhere counts as leading
 * out: where it would lead is not known).
 */
import { readdirSync, realpathSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { insideAny } from '../load/inside.js';

/** The chart's links that lead out of it, relative to the chart folder, in the order found. */
export function linksOutOf(chartDir: string): string[] {
  let root: string;
  try {
    root = realpathSync(chartDir);
  } catch {
    return [];
  }
  const found: string[] = [];
  const folders = [chartDir];
  for (let folder = folders.pop(); folder !== undefined; folder = folders.pop()) {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) folders.push(path);
      else if (entry.isSymbolicLink() && !leadsInside(path, root)) found.push(relative(chartDir, path).split(sep).join('/'));
    }
  }
  // Code-unit order: the same message on every machine.
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function leadsInside(link: string, root: string): boolean {
  try {
    return insideAny(realpathSync(link), [root]);
  } catch {
    return false;
  }
}
