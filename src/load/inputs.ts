/**
 * Input collection: files and folders from the command line → the files to lint, in a stable order.
 * Folders are walked recursively for *.yaml, *.yml and *.json (skipping node_modules and .git);
 * a file named explicitly is read whatever its extension. Each file is listed once, even when
 * reached twice (a folder given twice, symlinks); symlink loops are not followed twice.
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';

export const STDIN = '-';
export const STDIN_NAME = '<stdin>';

const MANIFEST_EXTENSIONS = /\.(ya?ml|json)$/i;
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);

export interface InputFile {
  /** Path shown in output: relative to the working directory with forward slashes, or `<stdin>`. */
  readonly displayPath: string;
  /** Absolute path to read; undefined for stdin. */
  readonly absolutePath?: string;
}

export interface CollectedInputs {
  readonly files: readonly InputFile[];
  /** Paths that could not be read, as messages naming the path. */
  readonly problems: readonly string[];
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

export async function collectInputs(paths: readonly string[], cwd: string): Promise<CollectedInputs> {
  const files: InputFile[] = [];
  const problems: string[] = [];
  const seenFiles = new Set<string>();
  const seenDirectories = new Set<string>();
  let stdinAdded = false;

  const addReal = (absolutePath: string, real: string): void => {
    if (seenFiles.has(real)) return;
    seenFiles.add(real);
    files.push({ displayPath: displayPathOf(absolutePath, cwd), absolutePath });
  };

  const addFile = async (absolutePath: string): Promise<void> => {
    let real: string;
    try {
      real = await realpath(absolutePath);
    } catch (error) {
      problems.push(`${displayPathOf(absolutePath, cwd)}: cannot read: ${reason(error)}`);
      return;
    }
    addReal(absolutePath, real);
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
      problems.push(`${displayPathOf(directory, cwd)}: cannot read directory: ${reason(error)}`);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const child = join(directory, entry.name);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const target = await stat(child);
          isDirectory = target.isDirectory();
          isFile = target.isFile();
        } catch (error) {
          // A dangling link is no file to skip, unless its name says it was meant to be a manifest.
          const dangling = (error as NodeJS.ErrnoException).code === 'ENOENT' && !MANIFEST_EXTENSIONS.test(entry.name);
          if (!dangling) problems.push(`${displayPathOf(child, cwd)}: cannot read: ${reason(error)}`);
          continue;
        }
      }
      if (isDirectory) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) await walk(child);
      } else if (isFile && MANIFEST_EXTENSIONS.test(entry.name)) {
        // A file that is no symlink has its folder's real path: no system call per file.
        if (entry.isSymbolicLink()) await addFile(child);
        else addReal(child, join(real, entry.name));
      }
    }
  };

  for (const given of paths) {
    if (given === STDIN) {
      if (!stdinAdded) files.push({ displayPath: STDIN_NAME });
      stdinAdded = true;
      continue;
    }
    const absolutePath = resolve(cwd, given);
    try {
      const info = await stat(absolutePath);
      if (info.isDirectory()) await walk(absolutePath);
      else await addFile(absolutePath);
    } catch (error) {
      problems.push(`${given}: cannot read: ${reason(error)}`);
    }
  }
  return { files, problems };
}
