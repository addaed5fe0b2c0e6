/**
 * `--fix` never loses a byte: not an edit another program saves meanwhile (R12), not a file's owner,
 * group, mode or links (R13), not the bytes of a file that do not survive decoding (R14), not the
 * escapes of a string it edits (R15). Exact bytes, owners, exit codes and messages.
 */
import { chmodSync, chownSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyFix } from '../src/fix/apply-fix.js';
import { FileChangedError, snapshotOf, writeFileAtomic } from '../src/fix/atomic-write.js';
import { tailFollowByNameFix } from '../src/fix/builders.js';
import { binForEveryUser, runCli, tempTree } from './helpers/cli.js';
import { describeWhere } from './helpers/skip.js';

/** A pod whose one fix (tail -f → tail -F, line 9) `--fix` applies. */
const POD = [
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: tailers',
  'spec:',
  '  containers:',
  '    - name: app',
  '      image: example.com/app:1',
  '      command: ["sh", "-c", "tail -n 0 -f /var/log/app.log"]',
  '',
].join('\n');
const POD_FIXED = POD.replace('-f /var', '-F /var');
const FIX = ['--fix', '--fix-rule', 'tail-follow-by-name'];

const isRoot = process.getuid?.() === 0;

describe('R12: a file edited while --fix runs', () => {
  it('is not written: the edit stays, the run says so and exits 2', () => {
    const dir = tempTree({ 'x.yaml': POD });
    const file = join(dir, 'x.yaml');
    // A plugin rule that saves the file the way an editor would, while the fixer works on it.
    writeFileSync(
      join(dir, 'racer.mjs'),
      `import { appendFileSync } from 'node:fs';\nlet done = false;\n` +
        `export default { name: 'racer', rules: [{ meta: { id: 'touch', description: 'saves the file mid-run', severity: 'off', messages: { m: 'x' } },\n` +
        `  check() { if (!done) { done = true; appendFileSync(${JSON.stringify(file)}, '# ADDED BY THE USER\\n'); } } }] };\n`,
    );
    writeFileSync(join(dir, '.sidecar-lint.yaml'), 'plugins: [./racer.mjs]\nrules:\n  racer/touch: warning\n');
    const result = runCli([...FIX, 'x.yaml'], { cwd: dir });
    expect(readFileSync(file, 'utf8')).toBe(`${POD}# ADDED BY THE USER\n`);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      'sidecar-lint: fixed 0 problems in 0 files.\nsidecar-lint: x.yaml: changed on disk while it was being fixed; did not write the fix (run --fix again)\n',
    );
    expect(readdirSync(dir).sort()).toEqual(['.sidecar-lint.yaml', 'racer.mjs', 'x.yaml']);
  });

  it('a change just before the rename stops the rename and leaves no temporary file', async () => {
    const dir = tempTree({ 'pod.yaml': 'old\n' });
    const file = join(dir, 'pod.yaml');
    const unchangedSince = snapshotOf(statSync(file, { bigint: true }), readFileSync(file));
    const write = writeFileAtomic(file, Buffer.from('new\n'), {
      unchangedSince,
      beforeRename: () => writeFileSync(file, 'saved by the user\n'),
    });
    await expect(write).rejects.toBeInstanceOf(FileChangedError);
    expect(readFileSync(file, 'utf8')).toBe('saved by the user\n');
    expect(readdirSync(dir)).toEqual(['pod.yaml']);
  });

  it('compares the bytes too, not only size and time', async () => {
    const dir = tempTree({ 'pod.yaml': 'old\n' });
    const file = join(dir, 'pod.yaml');
    const snapshot = snapshotOf(statSync(file, { bigint: true }), Buffer.from('odd\n'));
    await expect(writeFileAtomic(file, Buffer.from('new\n'), { unchangedSince: snapshot })).rejects.toBeInstanceOf(FileChangedError);
    expect(readFileSync(file, 'utf8')).toBe('old\n');
  });
});

describeWhere(isRoot ? undefined : 'needs root (R13: another user\'s file)', 'R13: --fix as root on another user\'s file', () => {
  function owned(name: string, uid: number, gid: number, mode: number): { dir: string; file: string } {
    const dir = tempTree({ [name]: POD });
    const file = join(dir, name);
    chownSync(file, uid, gid);
    chmodSync(file, mode);
    return { dir, file };
  }

  it('keeps owner, group and mode', () => {
    const { dir, file } = owned('pod.yaml', 12345, 12346, 0o640);
    const result = runCli([...FIX, 'pod.yaml'], { cwd: dir });
    expect([result.status, result.stderr]).toEqual([0, 'sidecar-lint: fixed 1 problem in 1 file.\n']);
    expect(readFileSync(file, 'utf8')).toBe(POD_FIXED);
    const after = statSync(file);
    expect([after.uid, after.gid, after.mode & 0o7777]).toEqual([12345, 12346, 0o640]);
    expect(readdirSync(dir)).toEqual(['pod.yaml']);
  });

  it('fixes a symlinked manifest through the link: the link stays, the target keeps its owner', () => {
    const { dir, file } = owned('real/pod.yaml', 12345, 12345, 0o604);
    mkdirSync(join(dir, 'deploy'));
    symlinkSync('../real/pod.yaml', join(dir, 'deploy', 'pod.yaml'));
    const result = runCli([...FIX, 'deploy/pod.yaml'], { cwd: dir });
    expect(result.status).toBe(0);
    expect(lstatSync(join(dir, 'deploy', 'pod.yaml')).isSymbolicLink()).toBe(true);
    expect(realpathSync(join(dir, 'deploy', 'pod.yaml'))).toBe(realpathSync(file));
    expect(readFileSync(file, 'utf8')).toBe(POD_FIXED);
    const after = statSync(file);
    expect([after.uid, after.gid, after.mode & 0o7777]).toEqual([12345, 12345, 0o604]);
  });

  it('keeps a hard-linked file linked: both names see the fix', () => {
    const { dir, file } = owned('pod.yaml', 0, 0, 0o644);
    linkSync(file, join(dir, 'other-name.yaml'));
    const inode = statSync(file).ino;
    const result = runCli([...FIX, 'pod.yaml'], { cwd: dir });
    expect(result.status).toBe(0);
    expect(readFileSync(join(dir, 'other-name.yaml'), 'utf8')).toBe(POD_FIXED);
    expect([statSync(file).ino, statSync(file).nlink]).toEqual([inode, 2]);
  });

  it('writes in place when the user running it cannot give a new file the owner', () => {
    // User 12345 may write the file of user 12346 (group 12345, mode 664) but not give files away.
    const { dir, file } = owned('pod.yaml', 12346, 12345, 0o664);
    chmodSync(dir, 0o777);
    const result = spawnSync(process.execPath, [binForEveryUser(), ...FIX, 'pod.yaml'], { cwd: dir, uid: 12345, gid: 12345, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    expect([result.status, result.stderr]).toEqual([0, 'sidecar-lint: fixed 1 problem in 1 file.\n']);
    expect(readFileSync(file, 'utf8')).toBe(POD_FIXED);
    const after = statSync(file);
    expect([after.uid, after.gid, after.mode & 0o7777]).toEqual([12346, 12345, 0o664]);
    expect(readdirSync(dir)).toEqual(['pod.yaml']);
  });
});

describe('R14: a file whose bytes do not survive decoding', () => {
  it('is not fixed: a lone surrogate in UTF-16 stays, with a reason and exit 2', () => {
    const dir = tempTree({});
    const file = join(dir, 'pod.yaml');
    // `# top \uD800` (a high surrogate with no low one) above the pod.
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('# top ', 'utf16le'), Buffer.from([0x00, 0xd8]), Buffer.from(`\n${POD}`, 'utf16le')]);
    writeFileSync(file, bytes);
    const result = runCli([...FIX, 'pod.yaml'], { cwd: dir });
    expect(readFileSync(file)).toEqual(bytes);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      "sidecar-lint: fixed 0 problems in 0 files.\nsidecar-lint: pod.yaml: cannot fix: the file's bytes do not survive decoding (lone surrogate / invalid sequence); left it unchanged\n",
    );
    expect(result.stdout).toContain('tail-follow-by-name');
  });
});

describe('R15: an edit inside a string keeps the rest of the string as written', () => {
  const path = ['spec', 'containers', 0, 'command', 2];
  /** The fix the rule attaches (tail-follow-by-name), applied to the one command string. */
  const fixed = (text: string, value: string): string => {
    const operation = tailFollowByNameFix(path, value);
    if (!operation) throw new Error('no fix for this command');
    const outcome = applyFix(text, 0, operation);
    if ('refused' in outcome) throw new Error(outcome.refused);
    return outcome.text;
  };
  const pod = (command: string) => `spec:\n  containers:\n    - name: a\n      command: ${command}\n`;

  it('double-quoted: \\u00e9, \\x41, \\t and \\" stay escapes', () => {
    const text = pod(String.raw`["sh", "-c", "tail -n 0 -f /x | sed s/\u00e9/\x41/ \t \"q\" x"]`);
    expect(fixed(text, 'tail -n 0 -f /x | sed s/\u00e9/A/ \t "q" x')).toBe(pod(String.raw`["sh", "-c", "tail -n 0 -F /x | sed s/\u00e9/\x41/ \t \"q\" x"]`));
  });

  it('double-quoted over two lines: the line break and the escape stay', () => {
    const text = `spec:\n  containers:\n    - name: a\n      command:\n        - sh\n        - -c\n        - "tail -f /x &&\n          echo \\u00e9"\n`;
    expect(fixed(text, 'tail -f /x && echo \u00e9')).toBe(text.replace('tail -f', 'tail -F'));
  });

  it("single-quoted ('') and block folded: only the f changes", () => {
    const single = pod(`['sh', '-c', 'echo ''hi''; tail -f /x']`);
    expect(fixed(single, "echo 'hi'; tail -f /x")).toBe(single.replace('tail -f', 'tail -F'));
    const block = `spec:\n  containers:\n    - name: a\n      command:\n        - sh\n        - -c\n        - >-\n          echo a\n          tail -f /x\n\n          done\n`;
    expect(fixed(block, 'echo a tail -f /x\ndone')).toBe(block.replace('tail -f', 'tail -F'));
  });

  it('--fix-dry-run shows the one changed character', () => {
    const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: example.com/app:1\n      command: ["sh", "-c", "tail -f /x.log | sed s/\\u00e9/\\x41/"]\n`;
    const dir = tempTree({ 'pod.yaml': text });
    const result = runCli(['--fix-dry-run', '--fix-rule', 'tail-follow-by-name', 'pod.yaml'], { cwd: dir });
    expect(result.stdout).toContain(
      '-      command: ["sh", "-c", "tail -f /x.log | sed s/\\u00e9/\\x41/"]\n+      command: ["sh", "-c", "tail -F /x.log | sed s/\\u00e9/\\x41/"]\n',
    );
  });
});
