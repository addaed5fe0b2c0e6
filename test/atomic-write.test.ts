/** Atomic replacement: a failure before the rename leaves the original intact and no temporary file. */
import { chmodSync, lstatSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { writeFileAtomic } from '../src/fix/atomic-write.js';
import { tempTree } from './helpers/cli.js';

it('replaces the file and keeps its mode', async () => {
  const dir = tempTree({ 'pod.yaml': 'old\n' });
  const file = join(dir, 'pod.yaml');
  chmodSync(file, 0o640);
  await writeFileAtomic(file, Buffer.from('new\n'));
  expect(readFileSync(file, 'utf8')).toBe('new\n');
  expect(statSync(file).mode & 0o777).toBe(0o640);
  expect(readdirSync(dir)).toEqual(['pod.yaml']);
});

it('leaves the original intact when the write fails midway', async () => {
  const dir = tempTree({ 'pod.yaml': 'original\n' });
  const file = join(dir, 'pod.yaml');
  let seen = '';
  const failing = writeFileAtomic(file, Buffer.from('half-written\n'), {
    beforeRename(temporary) {
      seen = readFileSync(temporary, 'utf8');
      writeFileSync(temporary, 'half'); // the disk fills up…
      throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
    },
  });
  await expect(failing).rejects.toThrow('no space left on device');
  expect(seen).toBe('half-written\n');
  expect(readFileSync(file, 'utf8')).toBe('original\n');
  expect(readdirSync(dir)).toEqual(['pod.yaml']);
});

it('writes through a symbolic link, keeping the link', async () => {
  const dir = tempTree({ 'real.yaml': 'old\n' });
  symlinkSync('real.yaml', join(dir, 'link.yaml'));
  await writeFileAtomic(join(dir, 'link.yaml'), Buffer.from('new\n'));
  expect(lstatSync(join(dir, 'link.yaml')).isSymbolicLink()).toBe(true);
  expect(readFileSync(join(dir, 'real.yaml'), 'utf8')).toBe('new\n');
  expect(readdirSync(dir).sort()).toEqual(['link.yaml', 'real.yaml']);
});
