/**
 * A temporary folder of the run's own, in the system's temporary folder (TMPDIR). A relative TMPDIR
 * would put it in whatever folder the run is in (the repository), and a missing or odd one (`/proc`,
 * a file) cannot hold one: both are a message saying so, never a folder elsewhere.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/** The new folder's path, or why there is none. */
export async function temporaryFolder(prefix: string): Promise<{ readonly path: string } | { readonly problem: string }> {
  const base = tmpdir();
  if (!isAbsolute(base)) return { problem: `no temporary folder: TMPDIR ${JSON.stringify(base)} is not an absolute path` };
  try {
    return { path: await mkdtemp(join(base, prefix)) };
  } catch (error) {
    return { problem: `no temporary folder in ${JSON.stringify(base)} (TMPDIR): ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
  }
}
