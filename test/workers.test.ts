/**
 * Worker threads (src/engine/workers.ts) must not change the output: the built binary run with two worker
 * threads prints exactly what it prints on one thread, files in input order.
 */
import { describe, expect, it } from 'vitest';
import { runCli, tempTree } from './helpers/cli.js';

function manifest(index: number): string {
  if (index % 7 === 3) return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${index}\ndata: {}\n`;
  if (index % 11 === 5) return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: broken${index}\nspec: [unclosed\n`;
  const duplicate = index % 2 === 0 ? `\n  - name: app\n    image: busybox` : '';
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p${index}\nspec:\n  containers:\n  - name: app\n    image: nginx\n    volumeMounts:\n    - name: logs${index}\n      mountPath: /logs${duplicate}\n`;
}

describe('worker threads', () => {
  it('print the same report as one thread, in the same order', () => {
    const files = Object.fromEntries(Array.from({ length: 60 }, (_, index) => [`m${String(index).padStart(3, '0')}.yaml`, manifest(index)]));
    const dir = tempTree(files);
    const single = runCli([dir], { env: { SIDECAR_LINT_WORKERS: '0' } });
    const parallel = runCli([dir], { env: { SIDECAR_LINT_WORKERS: '2' } });
    expect(single.status).toBe(1);
    expect(single.stdout).toMatch(/m058\.yaml/);
    expect(single.stdout.match(/volume-mount-undefined/g)?.length).toBeGreaterThan(40);
    expect(parallel.stdout).toBe(single.stdout);
    expect(parallel.stderr).toBe(single.stderr);
    expect(parallel.status).toBe(single.status);
  });

  it('refuses a SIDECAR_LINT_WORKERS that is not a whole number', () => {
    const result = runCli(['fixtures/examples'], { env: { SIDECAR_LINT_WORKERS: 'many' } });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/SIDECAR_LINT_WORKERS needs a whole number/);
  });
});
