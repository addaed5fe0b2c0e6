/**
 * How long a container's preStop hook keeps it alive, as far as the manifest shows it:
 * a `sleep` action, or an exec hook whose script sleeps.
 */
import type { IContainer } from 'kubernetes-models/v1/Container';
import { commandScript } from './shell.js';
import type { Path } from '../types.js';
import { isRecord } from '../load/values.js';

export interface PreStopDelay {
  readonly seconds: number;
  /** `sleep` (the sleep action) or `exec` (a `sleep N` in the exec hook). */
  readonly kind: 'sleep' | 'exec';
  /** Path of the field that shows it, from the container. */
  readonly path: Path;
}

/** The seconds a preStop hook waits before the container gets SIGTERM; undefined when none shows. */
export function preStopDelay(container: IContainer): PreStopDelay | undefined {
  const preStop: unknown = isRecord(container.lifecycle) ? container.lifecycle.preStop : undefined;
  if (!isRecord(preStop)) return undefined;
  if (isRecord(preStop.sleep) && typeof preStop.sleep.seconds === 'number') {
    return { seconds: preStop.sleep.seconds, kind: 'sleep', path: ['lifecycle', 'preStop', 'sleep', 'seconds'] };
  }
  if (isRecord(preStop.exec)) {
    const script = commandScript(preStop.exec.command, undefined);
    let total = 0;
    for (const match of script.matchAll(/(?:^|[\s;&|(])sleep\s+(\d+(?:\.\d+)?)s?(?=[\s;&|)]|$)/g)) total += Number(match[1]);
    if (total > 0) return { seconds: total, kind: 'exec', path: ['lifecycle', 'preStop', 'exec', 'command'] };
  }
  return undefined;
}
