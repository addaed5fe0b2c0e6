/** `--format github`: workflow commands that annotate pull requests, escaped so manifests cannot inject commands. */
import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty } from '../src/report/github.js';
import { countFindings, runCli, tempTree } from './helpers/cli.js';

const COMMAND = /^::(error|warning) file=([^,:\r\n]*),line=(\d+),col=(\d+),endLine=(\d+),endColumn=(\d+),title=([\w-]+)::([^\r\n]*)$/;

/** What the runner does to a command's message. */
const unescapeData = (text: string) => text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
const unescapeProperty = (text: string) => unescapeData(text.replace(/%3A/g, ':').replace(/%2C/g, ','));

describe('--format github', () => {
  it('prints one ::error/::warning command per finding with the region and rule id', () => {
    const result = runCli(['--format', 'github', 'fixtures/examples/']);
    expect(result.status).toBe(1);
    const lines = result.stdout.trimEnd().split('\n');
    const expected = countFindings(['fixtures/examples/']);
    expect(lines).toHaveLength(expected.total);
    for (const line of lines) expect(line).toMatch(COMMAND);
    expect(lines).toContain(
      '::error file=fixtures/examples/bad-job.yaml,line=18,col=11,endLine=18,endColumn=70,title=init-container-never-exits::Job/nightly-report: init container "log-forwarder" never exits (it runs "tail -F", which follows a file forever), so the pod stays in Init and its app containers never start. Add restartPolicy: Always to run it as a native sidecar, or make it finish.',
    );
    expect(lines.filter((line) => line.startsWith('::warning '))).toHaveLength(expected.warnings);
  });

  it('annotates a path that cannot be read as an error of the run (on the file, when it is one in the repository)', () => {
    const result = runCli(['--format', 'github', 'fixtures/examples/native-sidecar-deployment.yaml', 'fixtures/gone, really.yaml']);
    expect(result).toEqual({
      status: 2,
      stdout: '::error file=fixtures/gone%2C really.yaml,title=read-error::fixtures/gone, really.yaml: cannot read: no such file or directory\n',
      stderr: '',
    });
  });

  it('prints nothing for a clean run', () => {
    expect(runCli(['--format', 'github', 'fixtures/examples/native-sidecar-deployment.yaml'])).toMatchObject({ status: 0, stdout: '' });
  });

  it('escapes %, CR and LF in messages, and also : and , in properties', () => {
    expect(escapeData('100%\r\n::x')).toBe('100%25%0D%0A::x');
    expect(escapeProperty('a,b:c%\n')).toBe('a%2Cb%3Ac%25%0A');
  });

  it('lets no manifest inject a workflow command through a name, a command or a file name', () => {
    const injected = '::add-mask::secret\n::error file=evil.yaml::owned';
    const manifest = `apiVersion: v1
kind: Pod
metadata:
  name: ${JSON.stringify(`web\n::stop-commands::pwn\r\n${injected} 100%`)}
spec:
  containers:
    - name: app
      image: nginx
      volumeMounts:
        - name: ${JSON.stringify(`logs\n${injected}`)}
          mountPath: /logs
`;
    const dir = tempTree({ 'a,b:c%.yaml': manifest });
    const result = runCli(['--format', 'github', '.'], { cwd: dir });
    expect(result.status).toBe(1);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const match = COMMAND.exec(lines[0]!);
    expect(match).not.toBeNull();
    expect(unescapeProperty(match![2]!)).toBe('a,b:c%.yaml');
    // What the runner shows: the line breaks of a name as visible escapes, never a line of their own.
    const message = unescapeData(match![8]!);
    const shown = injected.replace('\n', '\\n');
    expect(message).toContain(`Pod/web\\n::stop-commands::pwn\\r\\n${shown} 100%`);
    expect(message).toContain(`"logs\\n${shown}"`);
    expect(message).not.toMatch(/[\r\n]/);
  });
});
