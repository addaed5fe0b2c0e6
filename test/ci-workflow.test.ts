/**
 * The project's own CI (.github/workflows/ci.yml) cannot run here; this reads it: on pushes and pull
 * requests, the README's two commands (word for word) on Node.js 20, 22 and 24 as the runner's user
 * (not root: no sudo but to install the tools), with both pre-commit majors and the extension's
 * dependencies there; and nightly, the long fuzz run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './helpers/cli.js';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  if?: string;
  'runs-on': string;
  strategy?: { matrix: { node: number[] } };
  steps: Step[];
}

const workflow = parse(readFileSync(join(ROOT, '.github/workflows/ci.yml'), 'utf8')) as { on: Record<string, unknown>; permissions: Record<string, string>; jobs: Record<string, Job> };
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
/** The README's two commands: its first code block, each line without its comment. */
const [install, test] = /```sh\n([\s\S]*?)```/.exec(readme)![1]!.trim().split('\n').map((line) => line.replace(/\s+#.*$/, ''));

describe('.github/workflows/ci.yml', () => {
  const { test: tests, fuzz } = workflow.jobs;

  it('runs on pushes to main, pull requests, nightly and by hand, reading the repository only', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['pull_request', 'push', 'schedule', 'workflow_dispatch']);
    expect(workflow.permissions).toEqual({ contents: 'read' });
  });

  it("runs the README's two commands, word for word, on Node.js 20, 22 and 24", () => {
    expect([install, test]).toEqual(['npm install && npx sidecar-lint fixtures/examples/', 'npm test']);
    expect(tests!.strategy!.matrix.node).toEqual([20, 22, 24]);
    expect(tests!.steps.find((step) => step.uses?.startsWith('actions/setup-node@'))?.with).toEqual({ 'node-version': '${{ matrix.node }}' });
    const runs = tests!.steps.map((step) => step.run ?? '');
    expect(runs.some((run) => run.split('\n').includes(`${install}`))).toBe(true);
    expect(runs.at(-1)).toBe(test);
  });

  it('expects the examples to fail the lint (they have errors on purpose): exit 1, as here', () => {
    const step = tests!.steps.find((candidate) => candidate.run?.includes(install!));
    expect(step?.run).toContain('test "$status" -eq 1');
    expect(runCli(['fixtures/examples/']).status).toBe(1);
  });

  it('is not root but to install the tools: pre-commit 3.x and 4.x, neovim, libyaml, a browser', () => {
    const [tools, ...rest] = tests!.steps.filter((step) => step.run !== undefined);
    expect(tools!.run).toMatch(/sudo .*apt-get install .*pre-commit .*python3-yaml .*python3-venv .*neovim/);
    expect(tools!.run).toContain("pip\" install --quiet 'pre-commit>=4,<5'");
    expect(tools!.run).toContain('SIDECAR_LINT_PRE_COMMIT=');
    expect(tools!.run).toContain('CHROMIUM=');
    for (const step of rest) expect(step.run).not.toMatch(/\bsudo\b/);
    expect(rest.some((step) => step.run === 'npm ci --prefix editors/vscode --no-audit --no-fund')).toBe(true);
  });

  it('runs the fuzz script nightly (and by hand), not on every push', () => {
    expect(tests!.if).toBe("github.event_name != 'schedule'");
    expect(fuzz!.if).toBe("github.event_name == 'schedule' || github.event_name == 'workflow_dispatch'");
    expect(fuzz!.steps.at(-1)!.run).toBe('npm run fuzz');
    expect(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.fuzz).toMatch(/vitest run test\/robustness\/fuzz\.test\.ts/);
  });
});
