/**
 * Input collection: files and folders from the command line → the files to lint, in a stable order.
 * Folders are walked recursively for *.yaml, *.yml and *.json (skipping node_modules and .git);
 * a file named explicitly is read whatever its extension, pipes and FIFOs too (`<(cat f.yaml)`).
 * Each file is listed once, even when reached twice (a folder given twice, symlinks); symlink loops
 * are not followed twice. A walk never leaves the folders given: a symlink whose real target lies
 * outside all of them is not followed, and the links skipped are named in one notice.
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { basename, isAbsolute, join, normalize, relative, resolve, sep } from 'node:path';
import { isConfigFileName } from './config-file-names.js';
import { insideAny } from './inside.js';
import type { ReadProblem } from '../types.js';

export const STDIN = '-';
export const STDIN_NAME = '<stdin>';

const MANIFEST_EXTENSIONS = /\.(ya?ml|json)$/i;
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);

export interface InputFile {
  /** Path shown in output: relative to the working directory with forward slashes, or `<stdin>`. */
  readonly displayPath: string;
  /** Absolute path to read; undefined for stdin. */
  readonly absolutePath?: string;
  /** Not a regular file: a pipe, FIFO or device named on the command line, read as a stream as `cat` reads it. */
  readonly special?: boolean;
}

export interface CollectedInputs {
  readonly files: readonly InputFile[];
  /** Paths that could not be read, as messages naming the path. */
  readonly problems: readonly ReadProblem[];
  /** What the user should know that does not fail the run: the symbolic links not followed (one line). */
  readonly notices: readonly string[];
}

export function displayPathOf(absolutePath: string, cwd: string): string {
  const rel = relative(cwd, absolutePath);
  const shown = rel === '' ? absolutePath : rel;
  return sep === '/' ? shown : shown.split(sep).join('/');
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return code ?? (error instanceof Error ? error.message : String(error));
  }
}

const LINKS_NAMED = 5;

/** One line for all the links not followed, naming the first few. */
function skippedLinksNotice(links: readonly string[]): string {
  const named = links.slice(0, LINKS_NAMED).join(', ');
  const more = links.length > LINKS_NAMED ? ` and ${links.length - LINKS_NAMED} more` : '';
  const what = links.length === 1 ? 'a symbolic link that leads' : `${links.length} symbolic links that lead`;
  return `not following ${what} out of the folders given: ${named}${more} (name a target on the command line to lint it)`;
}

type Given = { readonly kind: 'stdin' } | { readonly kind: 'path'; readonly given: string; readonly absolutePath: string; readonly info: Stats };

export async function collectInputs(paths: readonly string[], cwd: string): Promise<CollectedInputs> {
  const files: InputFile[] = [];
  const problems: ReadProblem[] = [];
  const skippedLinks: { readonly link: string; readonly real: string }[] = [];
  /** Config files named on the command line: not manifests, not linted. */
  const configFiles: string[] = [];
  const seenFiles = new Set<string>();
  const seenDirectories = new Set<string>();
  let stdinAdded = false;

  // What each argument is, first, so that every folder given is known before any is walked.
  const givens: Given[] = [];
  for (const given of paths) {
    if (given === STDIN) {
      givens.push({ kind: 'stdin' });
      continue;
    }
    const absolutePath = resolve(cwd, given);
    try {
      givens.push({ kind: 'path', given, absolutePath, info: await stat(absolutePath) });
    } catch (error) {
      problems.push({ path: given, message: `cannot read: ${reason(error)}` });
    }
  }
  const roots: string[] = [];
  for (const given of givens) {
    if (given.kind === 'path' && given.info.isDirectory()) {
      // A folder whose real path cannot be found is reported by its walk.
      roots.push(await realpath(given.absolutePath).catch(() => given.absolutePath));
    }
  }

  const addReal = (absolutePath: string, real: string, displayPath = displayPathOf(absolutePath, cwd), special = false): void => {
    if (seenFiles.has(real)) return;
    seenFiles.add(real);
    files.push({ displayPath, absolutePath, ...(special ? { special } : {}) });
  };

  /** A file named on the command line: read whatever it is, wherever it leads. */
  const addGiven = async (given: string, absolutePath: string, info: Stats): Promise<void> => {
    const special = !info.isFile();
    let real: string;
    try {
      real = await realpath(absolutePath);
    } catch (error) {
      // /dev/fd/63 (bash's `<(…)`) links to `pipe:[…]`, which stat follows and realpath cannot.
      if (!special) {
        problems.push({ path: displayPathOf(absolutePath, cwd), message: `cannot read: ${reason(error)}` });
        return;
      }
      real = absolutePath;
    }
    // `../../../dev/fd/63` would depend on the working directory: a pipe keeps the name it was given.
    const displayPath = special && isAbsolute(given) ? normalize(given) : displayPathOf(absolutePath, cwd);
    addReal(absolutePath, real, displayPath, special);
  };

  const walk = async (directory: string): Promise<void> => {
    let real: string;
    let entries;
    try {
      real = await realpath(directory);
      if (seenDirectories.has(real)) return;
      seenDirectories.add(real);
      entries = await readdir(directory, { withFileTypes: true });
    } catch (error) {
      problems.push({ path: displayPathOf(directory, cwd), message: `cannot read directory: ${reason(error)}` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const child = join(directory, entry.name);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      // A file that is no symlink has its folder's real path: no system call per file.
      let childReal = join(real, entry.name);
      if (entry.isSymbolicLink()) {
        try {
          childReal = await realpath(child);
          const target = await stat(childReal);
          isDirectory = target.isDirectory();
          isFile = target.isFile();
        } catch (error) {
          // A dangling link is no file to skip, unless its name says it was meant to be a manifest.
          const dangling = (error as NodeJS.ErrnoException).code === 'ENOENT' && !MANIFEST_EXTENSIONS.test(entry.name);
          if (!dangling) problems.push({ path: displayPathOf(child, cwd), message: `cannot read: ${reason(error)}` });
          continue;
        }
        const followed = isDirectory ? !SKIPPED_DIRECTORIES.has(entry.name) : isFile && MANIFEST_EXTENSIONS.test(entry.name);
        if (followed && !insideAny(childReal, roots)) {
          skippedLinks.push({ link: displayPathOf(child, cwd), real: childReal });
          continue;
        }
      }
      if (isDirectory) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) await walk(child);
      } else if (isFile && MANIFEST_EXTENSIONS.test(entry.name) && !isConfigFileName(entry.name)) {
        addReal(child, childReal);
      }
    }
  };

  for (const given of givens) {
    if (given.kind === 'stdin') {
      if (!stdinAdded) files.push({ displayPath: STDIN_NAME });
      stdinAdded = true;
    } else if (given.info.isDirectory()) {
      await walk(given.absolutePath);
    } else if (isConfigFileName(basename(given.absolutePath))) {
      configFiles.push(displayPathOf(given.absolutePath, cwd));
    } else {
      await addGiven(given.given, given.absolutePath, given.info);
    }
  }
  // A link to a file named on the command line too lost nothing.
  const notFollowed = skippedLinks.filter((skipped) => !seenFiles.has(skipped.real)).map((skipped) => skipped.link);
  const notices = [
    ...(notFollowed.length > 0 ? [skippedLinksNotice(notFollowed)] : []),
    ...configFiles.map((file) => `${file} is sidecar-lint's configuration, not a manifest: not linted`),
  ];
  return { files, problems, notices };
}
