/**
 * A real editor as the client: Debian's Neovim (0.7, headless) starts the built server with
 * `vim.lsp.start_client`, opens a manifest, and writes the diagnostics it holds (`vim.diagnostic.get`),
 * the code actions it was offered and the buffer after applying the fix to a file this test compares.
 * Skipped, and said so, where nvim is not installed (.ci/run installs Debian's neovim).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, tempTree } from './helpers/cli.js';
import { describeWhere } from './helpers/skip.js';

const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
const found = nvim.status === 0 ? /NVIM v(\d+)\.(\d+)/.exec(nvim.stdout) : null;
const usable = found !== null && (Number(found[1]) > 0 || Number(found[2]) >= 7);

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: app
      image: example.com/app:1
      volumeMounts:
        - { name: logs, mountPath: /var/log/app }
    - name: app
      image: busybox:1.36
      command: ["sh", "-c", "tail -f /var/log/app/access.log"]
      volumeMounts:
        - { name: logs, mountPath: /var/log/app, readOnly: true }
  volumes:
    - name: logs
      emptyDir: { sizeLimit: 1Gi }
`;

describeWhere(usable ? undefined : 'no nvim 0.7 or later on PATH (apt-get install neovim)', 'Neovim as the client', () => {
  it('shows the two diagnostics, offers the fix, and the fix clears one', () => {
    const dir = tempTree({ '.sidecar-lint.yaml': 'rules:\n  prefer-native-sidecar: off\n  sidecar-resources: off\n', 'pod.yaml': POD });
    const out = join(dir, 'nvim-out.txt');
    const run = spawnSync('nvim', ['--headless', '--clean', '-c', `luafile ${join(ROOT, 'test', 'neovim', 'lsp-client.lua')}`], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: dir,
        XDG_STATE_HOME: dir,
        XDG_DATA_HOME: dir,
        SIDECAR_LINT_OUT: out,
        SIDECAR_LINT_NODE: process.execPath,
        SIDECAR_LINT_BIN: BIN,
        SIDECAR_LINT_ROOT: dir,
        SIDECAR_LINT_FILE: join(dir, 'pod.yaml'),
      },
    });
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(
      [
        'filetype=yaml',
        '10:6-10:15 severity=1 source=sidecar-lint code=container-name-duplicate',
        '12:28-12:61 severity=2 source=sidecar-lint code=tail-follow-by-name',
        'action: Fix tail-follow-by-name: edit command to -F',
        'action: Disable tail-follow-by-name for this line',
        'action: Ignore tail-follow-by-name for container "app" (annotation)',
        'action: Open the page of tail-follow-by-name',
        'action: Fix all sidecar-lint problems (1)',
        'after fix:',
        '10:6-10:15 severity=1 source=sidecar-lint code=container-name-duplicate',
        '      command: ["sh", "-c", "tail -F /var/log/app/access.log"]',
        '',
      ].join('\n').replace('      command:', 'line 13:       command:'),
    );
  });
});
