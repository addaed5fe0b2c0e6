/**
 * Inputs that are not plain files in a folder: text in an encoding that is not read (UTF-32), pipes
 * and FIFOs named on the command line, and symbolic links that lead out of the folders given.
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, tempTree } from '../helpers/cli.js';
import { BAD_POD } from '../helpers/manifests.js';

/** A Pod without findings. */
const GOOD_POD = readFileSync(join(ROOT, 'fixtures/examples/log-shipping-native-sidecar.yaml'), 'utf8');

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The CLI with a time limit well below vitest's: what used to hang fails as a timeout (status null). */
function cli(args: readonly string[], cwd: string, input: string | Buffer = ''): Run {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, input, env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8', timeout: 20_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The CLI run by bash, for its process substitution: `$CLI` in the script is the built CLI. */
function bash(script: string, cwd: string): Run {
  // --norc: with a socket for stdin (as node's pipes are), bash would read ~/.bashrc.
  const result = spawnSync('bash', ['--norc', '-c', script.replace(/\$CLI/g, '"$NODE" "$BIN"')], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '', NODE: process.execPath, BIN },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface JsonFile {
  filePath: string;
  messages: { ruleId: string; line: number; column: number; message: string }[];
}

function findings(stdout: string): string[] {
  return (JSON.parse(stdout) as JsonFile[]).flatMap((file) => file.messages.map((m) => `${file.filePath} ${m.ruleId}@${m.line}:${m.column}`));
}

function filePaths(stdout: string): string[] {
  return (JSON.parse(stdout) as JsonFile[]).map((file) => file.filePath);
}

describe('UTF-32 (R4): refused by name, exit 2, never read as UTF-16 and passed', () => {
  const utf32 = (text: string, bigEndian: boolean): Buffer => {
    const bytes = Buffer.alloc((text.length + 1) * 4);
    [0xfeff, ...[...text].map((char) => char.codePointAt(0) ?? 0)].forEach((code, index) => {
      if (bigEndian) bytes.writeUInt32BE(code, index * 4);
      else bytes.writeUInt32LE(code, index * 4);
    });
    return bytes;
  };
  const refusal = (name: string, encoding: string) =>
    `sidecar-lint: ${name}: cannot read: ${encoding} text (it starts with a ${encoding} byte order mark) is not supported: convert the file to UTF-8\n`;

  it('UTF-32LE (whose BOM starts like UTF-16LE’s) and UTF-32BE files in a folder; the rest is linted', () => {
    const dir = tempTree({ 'bad.yaml': BAD_POD });
    writeFileSync(join(dir, 'le.yaml'), utf32(BAD_POD, false));
    writeFileSync(join(dir, 'be.yaml'), utf32(BAD_POD, true));
    const result = cli(['-f', 'json', '.'], dir);
    expect(result.stderr).toBe(refusal('be.yaml', 'UTF-32BE') + refusal('le.yaml', 'UTF-32LE'));
    expect(result.status).toBe(2);
    // JSON holds the refusals too: one fatal read-error entry each, after the files linted.
    expect(findings(result.stdout)).toEqual(['bad.yaml volume-mount-undefined@10:11', 'be.yaml read-error@0:0', 'le.yaml read-error@0:0']);
  });

  it('a UTF-32LE file named on the command line and on stdin, even without findings', () => {
    const dir = tempTree({});
    writeFileSync(join(dir, 'good.yaml'), utf32(GOOD_POD, false));
    // The text report says it itself (not on stderr a second time).
    const inReport = (name: string) => `Not read:\n  error    ${refusal(name, 'UTF-32LE').replace('sidecar-lint: ', '')}\n✖ 1 path could not be read; no problems found in the 0 files checked.\n`;
    expect(cli(['good.yaml'], dir)).toMatchObject({ status: 2, stdout: inReport('good.yaml'), stderr: '' });
    expect(cli(['-'], dir, utf32(GOOD_POD, false))).toMatchObject({ status: 2, stdout: inReport('<stdin>'), stderr: '' });
    // JSON is for a program: stderr tells the person too.
    expect(cli(['-f', 'json', 'good.yaml'], dir)).toMatchObject({ status: 2, stderr: refusal('good.yaml', 'UTF-32LE') });
  });
});

describe('pipes and FIFOs named on the command line (R5): read as cat reads them', () => {
  it('process substitution: <(cat file)', () => {
    const dir = tempTree({ 'bad.yaml': BAD_POD });
    const result = bash('$CLI -f json <(cat bad.yaml)', dir);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    expect(findings(result.stdout)).toEqual([expect.stringMatching(/^\/dev\/fd\/\d+ volume-mount-undefined@10:11$/)]);
    // The text format names the pipe as given, not relative to the working directory.
    expect(bash('$CLI -f compact <(cat bad.yaml)', dir).stdout).toMatch(/^\/dev\/fd\/\d+:10:11 {2}error/m);
  });

  it('process substitution within the size limit', () => {
    const dir = tempTree({});
    const result = bash('$CLI -f json --max-file-size 1 <(head -c 1500000 /dev/zero)', dir);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    const [file] = JSON.parse(result.stdout) as JsonFile[];
    expect(file?.messages).toMatchObject([{ ruleId: 'parse-error', line: 1, column: 1, message: expect.stringMatching(/^File not linted: it is more than 1 MB \(the --max-file-size limit\)/) }]);
  });

  it('a named FIFO written by another process, which sees a reader until it is done (ten rounds)', async () => {
    // Opened without blocking, looked at and closed, then opened again, the FIFO had no reader for
    // a moment: about half the writers failed (EPIPE, and the run said "No problems found") or the
    // second open waited for a writer that had come and gone. Ten rounds make that a certain failure.
    const dir = tempTree({});
    // The writer waits in open() for a reader, then writes at once and closes.
    const script = 'const fs = require("fs"); const fd = fs.openSync(process.argv[1], "w"); fs.writeSync(fd, process.argv[2]); fs.closeSync(fd);';
    for (let round = 0; round < 10; round++) {
      const fifo = join(dir, `pipe-${round}.yaml`);
      expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
      const writer = spawn(process.execPath, ['-e', script, fifo, BAD_POD], { stdio: 'ignore' });
      const exited = once(writer, 'exit');
      await new Promise((resolve) => setTimeout(resolve, 150));
      const result = cli(['-f', 'json', `pipe-${round}.yaml`], dir);
      if (result.status === null) writer.kill();
      expect({ round, writer: await exited }).toEqual({ round, writer: [0, null] });
      expect({ round, stderr: result.stderr, status: result.status }).toEqual({ round, stderr: '', status: 1 });
      expect(findings(result.stdout)).toEqual([`pipe-${round}.yaml volume-mount-undefined@10:11`]);
    }
  }, 30_000);
});

describe('symbolic links out of the folders given (R6): not followed, named once, no failure', () => {
  /** deploy/ with a manifest, links out of it, a link inside it and a loop; outside/ beside it. */
  function tree(): string {
    const dir = tempTree({ 'deploy/good.yaml': GOOD_POD, 'deploy/sub/also.yaml': GOOD_POD, 'outside/bad.yaml': BAD_POD });
    symlinkSync('../outside', join(dir, 'deploy', 'escape'));
    symlinkSync('/', join(dir, 'deploy', 'root'));
    symlinkSync('../outside/bad.yaml', join(dir, 'deploy', 'creds.yaml'));
    symlinkSync('sub', join(dir, 'deploy', 'inner'));
    symlinkSync('..', join(dir, 'deploy', 'sub', 'up'));
    symlinkSync('../good.yaml', join(dir, 'deploy', 'sub', 'same.yaml'));
    mkdirSync(join(dir, 'deploy', 'empty'));
    return dir;
  }

  it('a link to a folder outside, to / and to a file outside are named in one line; links inside and loops are walked once', () => {
    const result = cli(['-f', 'json', 'deploy'], tree());
    expect(result.stderr).toBe(
      'sidecar-lint: not following 3 symbolic links that lead out of the folders given: deploy/creds.yaml, deploy/escape, deploy/root (name a target on the command line to lint it)\n',
    );
    expect(result.status).toBe(0);
    expect(filePaths(result.stdout)).toEqual(['deploy/good.yaml', 'deploy/inner/also.yaml']);
    // SARIF on stdout stays the report alone, of the files inside.
    const sarif = cli(['-f', 'sarif', 'deploy/'], tree());
    expect(sarif.status).toBe(0);
    expect(sarif.stderr).toMatch(/^sidecar-lint: not following 3 symbolic links .*\n$/);
    expect((JSON.parse(sarif.stdout) as { runs: { results: unknown[] }[] }).runs[0]?.results).toEqual([]);
  });

  it('a link into another folder given is followed, and a file named on the command line is read wherever it leads', () => {
    const dir = tree();
    const both = cli(['-f', 'json', 'deploy', 'outside'], dir);
    expect(both.stderr).toBe('sidecar-lint: not following a symbolic link that leads out of the folders given: deploy/root (name a target on the command line to lint it)\n');
    expect(both.status).toBe(1);
    expect(findings(both.stdout)).toEqual(['deploy/creds.yaml volume-mount-undefined@10:11']);
    const named = cli(['-f', 'json', 'deploy/creds.yaml', 'deploy'], dir);
    expect(named.stderr).toBe(
      'sidecar-lint: not following 2 symbolic links that lead out of the folders given: deploy/escape, deploy/root (name a target on the command line to lint it)\n',
    );
    expect(named.status).toBe(1);
    expect(findings(named.stdout)).toEqual(['deploy/creds.yaml volume-mount-undefined@10:11']);
  });

  it('names the first five links of many, in one line', () => {
    const dir = tempTree({ 'deploy/good.yaml': GOOD_POD, 'outside/bad.yaml': BAD_POD });
    for (let i = 0; i < 8; i++) symlinkSync('../outside', join(dir, 'deploy', `l${i}`));
    const result = cli(['deploy'], dir);
    expect(result.stderr).toBe(
      'sidecar-lint: not following 8 symbolic links that lead out of the folders given: deploy/l0, deploy/l1, deploy/l2, deploy/l3, deploy/l4 and 3 more (name a target on the command line to lint it)\n',
    );
    expect(result.status).toBe(0);
  });
});
