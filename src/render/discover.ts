/**
 * What to render: among the files a walk found (and the folders given), the Helm charts (a folder
 * with `Chart.yaml`, subcharts under a chart's `charts/` left to their parent) and the Kustomize
 * trees (a folder with `kustomization.yaml`, `.yml` or `Kustomization`, with the bases, components
 * and patches it names). Only the tops of the trees are rendered; every file a render covers is
 * left out of plain linting: a chart's whole folder, a kustomization's own files and what it names.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { readDocument } from '../load/read-document.js';
import { isRecord } from '../load/values.js';
import { isRemote } from './remote.js';
import type { RemoteEntry } from './remote.js';
import { inlinePatchKey } from './sources.js';

export const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;

/** One kustomization file and what it names, absolute paths. */
export interface KustomizationInfo {
  readonly dir: string;
  readonly file: string;
  /** Folders it builds on (resources and components that are folders). */
  readonly folders: readonly string[];
  /** Files it names: resources, patches, generator inputs. */
  readonly files: readonly string[];
  /** Patch files, and inline patches by `inlinePatchKey`, roughly in the order Kustomize applies them. */
  readonly patches: readonly string[];
  /** Entries Kustomize would fetch from the network (`remote.ts`). */
  readonly remote: readonly RemoteEntry[];
}

export interface RenderPlan {
  /** Chart folders, absolute, sorted. */
  readonly charts: readonly string[];
  /** Kustomization folders no other one builds on, absolute, sorted. */
  readonly kustomizations: readonly string[];
  /** Every kustomization reached, by folder. */
  readonly trees: ReadonlyMap<string, KustomizationInfo>;
  /** True for a file a render covers (not linted as plain YAML). */
  covers(absolutePath: string): boolean;
}

export function kustomizationFileIn(dir: string): string | undefined {
  for (const name of KUSTOMIZATION_NAMES) {
    const file = join(dir, name);
    if (existsSync(file)) return file;
  }
  return undefined;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/**
 * `patches: [{path} | {patch}]`, `patchesStrategicMerge: [file | inline YAML]`,
 * `patchesJson6902: [{path} | {patch}]`: files as they are written, inline patches by their key.
 */
function patchesIn(data: Record<string, unknown>, file: string): { files: string[]; inline: string[] } {
  const files: string[] = [];
  const inline: string[] = [];
  for (const key of ['patchesStrategicMerge', 'patchesJson6902', 'patches']) {
    (Array.isArray(data[key]) ? data[key] : []).forEach((entry: unknown, index: number) => {
      if (typeof entry === 'string' && !entry.includes('\n')) files.push(entry);
      else if (isRecord(entry) && typeof entry.path === 'string') files.push(entry.path);
      else if (typeof entry === 'string' || (isRecord(entry) && typeof entry.patch === 'string')) inline.push(inlinePatchKey(file, key, index));
    });
  }
  return { files, inline };
}

/** Inputs of configMapGenerator / secretGenerator: `files: [key=path]` and `envs: [path]`. */
function generatorFiles(data: Record<string, unknown>): string[] {
  const paths: string[] = [];
  for (const key of ['configMapGenerator', 'secretGenerator']) {
    for (const entry of Array.isArray(data[key]) ? data[key] : []) {
      if (!isRecord(entry)) continue;
      paths.push(...strings(entry.files).map((item) => item.slice(item.indexOf('=') + 1)), ...strings(entry.envs));
      if (typeof entry.env === 'string') paths.push(entry.env);
    }
  }
  return paths;
}

export function readKustomization(dir: string): KustomizationInfo | undefined {
  const file = kustomizationFileIn(dir);
  if (file === undefined) return undefined;
  let data: Record<string, unknown> = {};
  try {
    const read = readDocument(readFileSync(file, "utf8"), 100);
    if ('value' in read && isRecord(read.value)) data = read.value;
  } catch {
    // An unreadable kustomization is Kustomize's to report when it renders.
  }
  const local = (items: readonly string[]) => items.filter((item) => !isRemote(item, dir)).map((item) => resolve(dir, item));
  const named = local([...strings(data.resources), ...strings(data.bases), ...strings(data.components)]);
  const remote = ['resources', 'bases', 'components'].flatMap((key) =>
    (Array.isArray(data[key]) ? data[key] : []).flatMap((value: unknown, index: number) => (typeof value === 'string' && isRemote(value, dir) ? [{ file, key, index, value }] : [])),
  );
  const written = patchesIn(data, file);
  const patchFiles = local(written.files);
  return {
    dir,
    file,
    folders: named.filter(isDirectory),
    files: [...named.filter((path) => !isDirectory(path)), ...patchFiles, ...local(generatorFiles(data))],
    patches: [...patchFiles, ...written.inline],
    remote,
  };
}

function inside(path: string, dir: string): boolean {
  return path.startsWith(dir.endsWith(sep) ? dir : `${dir}${sep}`);
}

/**
 * Charts above the files (a template named on its own, as pre-commit names changed files): the
 * nearest folder with a Chart.yaml between a file and `top` (the working directory), both included.
 */
function enclosingCharts(files: readonly string[], top: string | undefined): string[] {
  if (top === undefined) return [];
  const known = new Map<string, string | undefined>();
  const chartOf = (dir: string): string | undefined => {
    if (known.has(dir)) return known.get(dir);
    const parent = dirname(dir);
    const found = existsSync(join(dir, 'Chart.yaml')) ? dir : dir !== top && parent !== dir && inside(dir, top) ? chartOf(parent) : undefined;
    known.set(dir, found);
    return found;
  };
  return [...new Set(files.map((file) => chartOf(dirname(file))).filter((dir): dir is string => dir !== undefined))];
}

/**
 * The plan for one run: `files` are the absolute paths a walk found, `folders` the folders given
 * (a `Kustomization` file has no YAML extension, so the walk does not list it), `top` the folder
 * up to which a file's enclosing chart is looked for.
 */
export function planRenders(files: readonly string[], folders: readonly string[], top?: string): RenderPlan {
  const chartDirs = [...new Set([...files.filter((file) => basename(file) === 'Chart.yaml').map(dirname), ...enclosingCharts(files, top)])];
  // A chart inside another chart's folder (a subchart under charts/) renders with its parent.
  const charts = chartDirs.filter((dir) => !chartDirs.some((other) => other !== dir && inside(dir, other))).sort();

  const found = new Set<string>();
  for (const file of files) if ((KUSTOMIZATION_NAMES as readonly string[]).includes(basename(file))) found.add(dirname(file));
  // A walk lists no `Kustomization` (no YAML extension): look in every folder it listed files of.
  for (const folder of new Set([...folders, ...files.map(dirname)])) if (!found.has(folder) && kustomizationFileIn(folder) !== undefined) found.add(folder);
  const trees = new Map<string, KustomizationInfo>();
  const builtOn = new Set<string>();
  const visit = (dir: string, top: boolean): void => {
    if (!top) builtOn.add(dir);
    if (trees.has(dir)) return;
    const info = readKustomization(dir);
    if (info === undefined) return;
    trees.set(dir, info);
    for (const folder of info.folders) visit(folder, false);
  };
  for (const dir of [...found].sort()) visit(dir, true);
  const kustomizations = [...found].filter((dir) => !builtOn.has(dir) && !charts.some((chart) => inside(dir, chart))).sort();

  const coveredFiles = new Set<string>();
  for (const info of trees.values()) {
    coveredFiles.add(info.file);
    for (const file of info.files) coveredFiles.add(file);
  }
  const treeDirs = new Set(trees.keys());
  return {
    charts,
    kustomizations,
    trees,
    covers: (path) => coveredFiles.has(path) || treeDirs.has(dirname(path)) || charts.some((chart) => inside(path, chart)),
  };
}
