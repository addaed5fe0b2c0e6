/**
 * A reporter beside vitest's own: at the end of a run, every skipped test once, grouped by the reason
 * its test gave (`ctx.skip(condition, reason)`), so that a run on a machine without chromium,
 * neovim, pre-commit or the shared corpus says what it did not check. A skip with no reason is
 * listed as such: give it one.
 */
import { relative } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

export default class SkippedReporter implements Reporter {
  onTestRunEnd(modules: readonly TestModule[]): void {
    const byReason = new Map<string, string[]>();
    for (const module of modules) {
      for (const test of module.children.allTests('skipped')) {
        const result = test.result();
        // `.only` elsewhere and `todo` are not this machine's doing.
        if (test.options.mode === 'todo') continue;
        const reason = (result.state === 'skipped' ? result.note : undefined) ?? '(no reason given)';
        const list = byReason.get(reason) ?? [];
        list.push(`${relative(process.cwd(), module.moduleId)} > ${test.fullName}`);
        byReason.set(reason, list);
      }
    }
    if (byReason.size === 0) return;
    const total = [...byReason.values()].reduce((sum, list) => sum + list.length, 0);
    const lines = [`\nSkipped here: ${total} test${total === 1 ? '' : 's'}, for ${byReason.size} reason${byReason.size === 1 ? '' : 's'}`];
    for (const [reason, tests] of [...byReason].sort(([a], [b]) => a.localeCompare(b))) {
      lines.push(`  ${reason}`);
      for (const name of tests) lines.push(`    - ${name}`);
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  }
}
