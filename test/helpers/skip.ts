/**
 * Tests that need something this machine may not have (a browser, an editor, pre-commit, root, the
 * shared corpus): skipped with the reason, which test/reporters/skipped.ts lists once at the end.
 * `reason`: why it cannot run here, or undefined when it can.
 */
import { describe, it } from 'vitest';
import type { TestContext } from 'vitest';

export function itWhere(reason: string | undefined, name: string, test: (context: TestContext) => unknown, timeout?: number): void {
  it(name, async (context) => {
    context.skip(reason !== undefined, reason);
    await test(context);
  }, timeout);
}

/** A suite that cannot run here is one skipped test (its hooks, which may start a browser, do not run). */
export function describeWhere(reason: string | undefined, name: string, body: () => void): void {
  if (reason === undefined) describe(name, body);
  else describe(name, () => it('(every test of this suite)', (context) => context.skip(true, reason)));
}
