/**
 * Hover on a container's `name`: the container as the linter sees it — its role (app, init, native
 * sidecar, classic sidecar, ephemeral), a known helper or mesh proxy, its lifetime, when it starts
 * and how it restarts. What no schema-based YAML extension can say.
 */
import type { Hover, Position } from 'vscode-languageserver';
import { aProduct, containersOf } from '../model/containers.js';
import type { ContainerInfo } from '../model/containers.js';
import { meshOf } from '../model/mesh.js';
import type { Mesh } from '../model/mesh.js';
import { podSpecsOf } from '../load/workloads.js';
import { isRecord } from '../load/values.js';
import type { SourceFile } from '../load/source.js';
import { rangeOf } from './diagnostics.js';

function strings(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

function roleLine(info: ContainerInfo): string {
  if (info.classicSidecar) return `classic sidecar — an app container that looks like ${aProduct(info.classicSidecar)}, beside the main app container`;
  const names = { app: 'app container', init: 'init container', sidecar: 'native sidecar', ephemeral: 'ephemeral container' } as const;
  return `${names[info.role]} — ${info.roleReason}`;
}

function ordinal(n: number): string {
  const suffix = n % 10 === 1 && n % 100 !== 11 ? 'st' : n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th';
  return `${n}${suffix}`;
}

function startLine(info: ContainerInfo, all: readonly ContainerInfo[]): string {
  const inits = all.filter((other) => other.list === 'initContainers');
  if (info.list === 'initContainers') {
    const position = inits.indexOf(info) + 1;
    const next = info.role === 'sidecar' ? 'the next container starts once it runs (and its startup probe, if any, passed)' : 'it must exit 0 before the next container starts';
    return `starts ${ordinal(position)} of ${inits.length} init container${inits.length === 1 ? '' : 's'}; ${next}`;
  }
  if (info.list === 'containers') return inits.length > 0 ? `starts with the other app containers, after the ${inits.length} init container${inits.length === 1 ? '' : 's'}` : 'starts with the other app containers';
  return 'added to a running pod for debugging; never started with it';
}

function restartLine(info: ContainerInfo, restartPolicy: string): string {
  if (info.role === 'sidecar') return 'restarts whenever it exits, while the pod runs; stopped after the app containers at shutdown';
  if (info.role === 'init') return restartPolicy === 'Never' ? 'not restarted: a failure fails the pod (restartPolicy: Never)' : `restarted on failure (restartPolicy: ${restartPolicy})`;
  if (info.role === 'app') return `pod restartPolicy: ${restartPolicy}`;
  return 'never restarted';
}

function meshLine(info: ContainerInfo, mesh: Mesh | undefined): string | undefined {
  if (mesh === undefined) return undefined;
  const name = mesh.kind === 'istio' ? 'Istio' : 'Linkerd';
  if (info.helper?.category === 'proxy' && mesh.reason === `container "${info.name}"`) return `the ${name} mesh proxy of this pod`;
  return `in the ${name} mesh (${mesh.reason})`;
}

/** The hover for the container whose `name` field holds `position`, if any. */
export function containerHover(source: SourceFile, position: Position): Hover | undefined {
  for (const object of source.objects) {
    for (const location of podSpecsOf(object.value, object.ref.kind)) {
      const containers = containersOf(location.spec, location.path);
      for (const info of containers) {
        const { region } = source.resolve(object.documentIndex, [...object.pathPrefix, ...info.path, 'name']);
        const range = rangeOf(region);
        const inside =
          (position.line > range.start.line || (position.line === range.start.line && position.character >= range.start.character)) &&
          (position.line < range.end.line || (position.line === range.end.line && position.character <= range.end.character));
        if (!inside || typeof info.container.name !== 'string') continue;
        const metadata = isRecord(object.value.metadata) ? object.value.metadata : {};
        const mesh = meshOf([strings(location.templateMetadata?.annotations), strings(metadata.annotations)], containers);
        const restartPolicy = typeof location.spec.restartPolicy === 'string' ? location.spec.restartPolicy : 'Always';
        const lines = [
          `**${info.name}**: ${roleLine(info)}`,
          '',
          `- Start: ${startLine(info, containers)}`,
          `- Restart: ${restartLine(info, restartPolicy)}`,
          ...(info.helper ? [`- Helper: ${info.helper.product} (${info.helper.category}) — ${info.helper.reason}`] : []),
          `- Lifetime: ${info.lifetime.kind} — ${info.lifetime.reason}`,
          ...(meshLine(info, mesh) !== undefined ? [`- Mesh: ${meshLine(info, mesh)}`] : []),
        ];
        return { contents: { kind: 'markdown', value: lines.join('\n') }, range };
      }
    }
  }
  return undefined;
}
