/** `--help` and `--version` follow common CLI conventions: stdout, exit 0, nothing else printed. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORMATS } from '../src/report/formats.js';
import { ROOT, runCli } from './helpers/cli.js';

const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

describe('--help and --version', () => {
  it('--help and -h print usage, every option and format, and exit 0', () => {
    const help = runCli(['--help']);
    expect(help).toMatchObject({ status: 0, stderr: '' });
    expect(help.stdout).toMatch(/^Usage: sidecar-lint \[options\] \[path\.\.\.\]\n/);
    for (const option of ['--format', '--output-file', '--sarif-category', '--config', '--kube-version', '--max-warnings', '--quiet', '--list-rules', '--help', '--version']) {
      expect(help.stdout).toContain(option);
    }
    for (const format of Object.keys(FORMATS)) expect(help.stdout).toContain(format);
    expect(runCli(['-h']).stdout).toBe(help.stdout);
    expect(runCli(['fixtures/examples/', '--help'])).toMatchObject({ status: 0, stdout: help.stdout });
  });

  it('--version and -v print the bare package version and exit 0', () => {
    expect(runCli(['--version'])).toMatchObject({ status: 0, stdout: `${version}\n`, stderr: '' });
    expect(runCli(['-v'])).toMatchObject({ status: 0, stdout: `${version}\n` });
  });

  it('an unknown option exits 2 on stderr and points at --help', () => {
    const result = runCli(['--fromat', 'sarif', '.']);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^sidecar-lint: Unknown option '--fromat'.*\nRun sidecar-lint --help for usage\.\n$/s);
  });
});
