// The package's size as the README states it: what `npm pack` holds (unpacked, what an install
// adds to node_modules) and the tarball a user downloads. `npm run docs` writes it into README.md;
// test/pack.test.ts checks the README against the tarball it packs.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The sentence's figures: MB to one decimal, kB to the nearest 10. */
export function sizeSentence(unpackedBytes, tarballBytes) {
  return `about ${(unpackedBytes / 1_000_000).toFixed(1)} MB (${Math.round(tarballBytes / 10_000) * 10} kB to download)`;
}

/** Where the README says it: `about 3.8 MB (840 kB to download)`. */
export const SIZE_PATTERN = /about (\d+\.\d) MB \((\d+) kB to download\)/;

export function packageSize() {
  const [info] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' }));
  return { unpacked: info.unpackedSize, tarball: info.size };
}
