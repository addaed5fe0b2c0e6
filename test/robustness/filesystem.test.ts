/**
 * Broken and hostile inputs on disk: each gives a clear message naming the path (exit 2 when a path
 * cannot be read, a `parse-error` finding when its content cannot be parsed), and the rest is linted.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, binForEveryUser, runCli, tempTree } from '../helpers/cli.js';
import { BAD_POD } from '../helpers/manifests.js';
import { itWhere } from '../helpers/skip.js';

/** Where BAD_POD's finding is: the mount's `name` on line 10. */
const BAD_AT = ':10:11  error    Pod/broken: ';

interface JsonFile {
  filePath: string;
  messages: { ruleId: string; line: number; column: number; endLine: number; endColumn: number; message: string }[];
}

function json(stdout: string): JsonFile[] {
  return JSON.parse(stdout) as JsonFile[];
}

function findingsOf(files: JsonFile[], path: string): string[] {
  return (files.find((file) => file.filePath === path)?.messages ?? []).map((m) => `${m.ruleId}@${m.line}:${m.column}`);
}

describe('paths that cannot be read: exit 2, a message naming the path, the rest still linted', () => {
  it('a path that does not exist', () => {
    const dir = tempTree({ 'bad.yaml': BAD_POD });
    const result = runCli(['--format', 'compact', 'missing.yaml', 'bad.yaml'], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('missing.yaml  error    cannot read: no such file or directory  read-error\n');
    expect(result.stdout).toContain(`bad.yaml${BAD_AT}`);
  });

  it('a symlink loop (named like a manifest) in a folder, and a link back to the folder itself', () => {
    const dir = tempTree({ 'bad.yaml': BAD_POD });
    symlinkSync('b.yaml', join(dir, 'a.yaml'));
    symlinkSync('a.yaml', join(dir, 'b.yaml'));
    symlinkSync('.', join(dir, 'self'));
    symlinkSync('nowhere', join(dir, 'dangling'));
    const result = runCli(['-f', 'json', '.'], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      'sidecar-lint: a.yaml: cannot read: too many levels of symbolic links\n' +
        'sidecar-lint: b.yaml: cannot read: too many levels of symbolic links\n',
    );
    // The loop through `self` is not followed again; the dangling link is not a manifest. The links
    // that loop are in the report too, after the files, each one fatal read-error.
    expect(json(result.stdout).map((file) => file.filePath)).toEqual(['bad.yaml', 'a.yaml', 'b.yaml']);
    expect(findingsOf(json(result.stdout), 'a.yaml')).toEqual(['read-error@0:0']);
    expect(findingsOf(json(result.stdout), 'bad.yaml')).toEqual(['volume-mount-undefined@10:11']);
  });

  it('a symlink loop given on the command line', () => {
    const dir = tempTree({ 'bad.yaml': BAD_POD });
    symlinkSync('loop.yaml', join(dir, 'loop.yaml'));
    const result = runCli(['--format', 'compact', 'loop.yaml', 'bad.yaml'], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('loop.yaml  error    cannot read: too many levels of symbolic links  read-error\n');
    expect(result.stdout).toContain(`bad.yaml${BAD_AT}`);
  });

  it('a folder given twice (and a file inside it) is linted once', () => {
    const dir = tempTree({});
    mkdirSync(join(dir, 'k8s'));
    writeFileSync(join(dir, 'k8s', 'bad.yaml'), BAD_POD);
    symlinkSync('k8s', join(dir, 'alias'));
    const result = runCli(['-f', 'json', 'k8s', './k8s/', 'k8s/bad.yaml', 'alias'], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('');
    expect(json(result.stdout).map((file) => file.filePath)).toEqual(['k8s/bad.yaml']);
  });

  it('a FIFO in a folder is not opened (it could block forever)', () => {
    const dir = tempTree({ 'bad.yaml': BAD_POD });
    spawnSync('mkfifo', [join(dir, 'pipe.yaml')]);
    expect(lstatSync(join(dir, 'pipe.yaml')).isFIFO()).toBe(true);
    const result = runCli(['-f', 'json', '.'], { cwd: dir });
    expect(result.status).toBe(1);
    expect(json(result.stdout).map((file) => file.filePath)).toEqual(['bad.yaml']);
  });

  describe('permission denied', () => {
    const mode = permissionMode();
    // chmod 000 does not stop root. As root the CLI runs as the unprivileged user "nobody" (uid 65534)
    // instead, which the permission bits do stop; if that is not possible the test is skipped, visibly.
    itWhere(mode.kind === 'skip' ? mode.reason : undefined, `an unreadable file and an unreadable folder (${mode.kind === 'skip' ? 'skipped' : mode.kind})`, () => {
      const dir = tempTree({ 'bad.yaml': BAD_POD, 'secret.yaml': BAD_POD });
      mkdirSync(join(dir, 'locked'));
      writeFileSync(join(dir, 'locked', 'pod.yaml'), BAD_POD);
      chmodSync(dir, 0o755);
      chmodSync(join(dir, 'secret.yaml'), 0o000);
      chmodSync(join(dir, 'locked'), 0o000);
      const result = runAs(mode, ['--format', 'compact', '.', 'secret.yaml'], dir);
      expect(result.status).toBe(2);
      expect(result.stderr).toBe('');
      expect(result.stdout.split('\n').filter((line) => line.endsWith('read-error'))).toEqual([
        'locked  error    cannot read directory: permission denied  read-error',
        'secret.yaml  error    cannot read: permission denied  read-error',
      ]);
      expect(result.stdout).toContain(`bad.yaml${BAD_AT}`);
      chmodSync(join(dir, 'locked'), 0o755);
    });
  });
});

describe('content that cannot be parsed: a finding naming the file, the rest still linted', () => {
  const utf16 = (text: string, bigEndian: boolean): Buffer => {
    const le = Buffer.from(`\ufeff${text}`, 'utf16le');
    if (!bigEndian) return le;
    const be = Buffer.alloc(le.length);
    for (let i = 0; i < le.length; i += 2) {
      be[i] = le[i + 1] ?? 0;
      be[i + 1] = le[i] ?? 0;
    }
    return be;
  };

  it('binary, invalid UTF-8; UTF-16 with BOM, UTF-8 with BOM and CRLF are linted with the right positions', () => {
    const dir = tempTree({ 'bad.yaml': BAD_POD });
    const write = (name: string, bytes: Uint8Array) => writeFileSync(join(dir, name), bytes);
    write('binary.yaml', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));
    write('latin1.yaml', Buffer.concat([Buffer.from('metadata:\n  name: caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    write('utf16le.yaml', utf16(BAD_POD, false));
    write('utf16be.yaml', utf16(BAD_POD, true));
    write('bom.yaml', Buffer.from(`\ufeff${BAD_POD}`));
    write('crlf.yaml', Buffer.from(BAD_POD.replace(/\n/g, '\r\n')));
    write('bom-crlf.yaml', Buffer.from(`\ufeff${BAD_POD.replace(/\n/g, '\r\n')}`));
    const result = runCli(['-f', 'json', '.'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    const files = json(result.stdout);
    const parseError = (path: string) => files.find((file) => file.filePath === path)?.messages;
    expect(parseError('binary.yaml')).toMatchObject([
      { ruleId: 'parse-error', line: 1, column: 1, message: 'Cannot lint this file: binary file (it contains NUL bytes), not YAML or JSON.' },
    ]);
    expect(parseError('latin1.yaml')).toMatchObject([{ ruleId: 'parse-error', line: 1, column: 1, message: 'Cannot lint this file: not valid UTF-8 text.' }]);
    const expected = files.find((file) => file.filePath === 'bad.yaml')?.messages;
    expect(expected).toMatchObject([{ ruleId: 'volume-mount-undefined', line: 10, column: 11, endLine: 10, endColumn: 21 }]);
    for (const name of ['utf16le.yaml', 'utf16be.yaml', 'bom.yaml', 'crlf.yaml', 'bom-crlf.yaml']) {
      expect({ name, messages: files.find((file) => file.filePath === name)?.messages }).toEqual({ name, messages: expected });
    }
  });

  it('the text format names the path of an unparsable file', () => {
    const dir = tempTree({ 'bad.yaml': BAD_POD, 'broken.yaml': 'kind: Pod\nspec: [\n' });
    const result = runCli(['--format', 'compact', '.'], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^broken\.yaml:3:1 {2}error {4}YAML syntax error: .* {2}parse-error$/m);
    expect(result.stdout).toContain(`bad.yaml${BAD_AT}`);
  });

  it('reports each invalid document once and lints the other documents of the file', () => {
    const text = `${BAD_POD}---\nkind: Pod\nspec: {containers: [}\n---\n${BAD_POD.replace('broken', 'second')}---\n  bad: indentation\n wrong: here\n`;
    const dir = tempTree({ 'multi.yaml': text });
    const result = runCli(['-f', 'json', 'multi.yaml'], { cwd: dir });
    expect(result.status).toBe(1);
    expect(findingsOf(json(result.stdout), 'multi.yaml')).toEqual([
      'volume-mount-undefined@10:11',
      'parse-error@14:21',
      'volume-mount-undefined@25:11',
      'parse-error@29:2',
    ]);
  });
});

// -------------------------------------------------------------------------------------------------

type PermissionMode = { kind: 'as-is' } | { kind: 'as nobody'; uid: number; gid: number } | { kind: 'skip'; reason: string };

function permissionMode(): PermissionMode {
  if (process.platform === 'win32') return { kind: 'skip', reason: 'skipped: no POSIX permissions on Windows' };
  if (process.getuid?.() !== 0) return { kind: 'as-is' };
  const nobody = { kind: 'as nobody' as const, uid: 65534, gid: 65534 };
  // Can "nobody" run this checkout's CLI at all (setuid allowed, files world-readable)?
  const probe = spawnSync(process.execPath, [binForEveryUser(), '--version'], { uid: nobody.uid, gid: nobody.gid, encoding: 'utf8', cwd: '/' });
  if (probe.error || probe.status !== 0) {
    return { kind: 'skip', reason: `skipped: running as root and cannot run the CLI as uid 65534 (${probe.error?.message ?? probe.stderr.trim()})` };
  }
  return nobody;
}

function runAs(mode: PermissionMode, args: readonly string[], cwd: string) {
  const ids = mode.kind === 'as nobody' ? { uid: mode.uid, gid: mode.gid } : {};
  const result = spawnSync(process.execPath, [mode.kind === 'as nobody' ? binForEveryUser() : BIN, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, timeout: 60_000, ...ids });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
