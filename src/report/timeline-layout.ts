/**
 * Where each container's bar goes on a pod's timeline, in the timeline's own units, for the terminal
 * (`timeline-text.ts`) and the HTML report (`timeline-svg.ts`) to draw alike. Three zones: the init
 * phase (one step per init container), the running pod, and shutdown (seconds from deletion to the
 * grace period, SIGKILL, and the sidecars' last 2 s). A Job's pod completes in the running zone and has
 * no shutdown zone.
 */
import type { ExplainedPod } from '../engine/explain.js';
import { podLifecycle } from '../model/pod-lifecycle.js';
import type { LifecycleEntry, PodLifecycle } from '../model/pod-lifecycle.js';
import type { Finding } from '../types.js';
import { objectLabel } from '../engine/lint-source.js';
import type { InjectionPlan } from '../model/injectors/index.js';
import { plural } from './summary.js';

export type Zone = 'init' | 'run' | 'stop';
export type SegmentKind = 'init' | 'sidecar' | 'app' | 'classic' | 'prestop' | 'drain' | 'forever';

/** A stretch of a bar: in init steps (init zone), as a fraction (run zone), or in seconds (stop zone). */
export interface Segment {
  readonly zone: Zone;
  readonly from: number;
  readonly to: number;
  readonly kind: SegmentKind;
}

export type MarkKind = 'start' | 'exit' | 'sigterm' | 'gone' | 'kill' | 'never' | 'restart';

export interface Mark {
  readonly zone: Zone;
  readonly at: number;
  readonly kind: MarkKind;
}

export interface TimelineRow {
  readonly entry: LifecycleEntry;
  readonly segments: readonly Segment[];
  readonly marks: readonly Mark[];
  /** What the row says beside its bar: role, what the next step waits for, injector. */
  readonly notes: readonly string[];
  /** The pod's findings about this container. */
  readonly findings: readonly Finding[];
}

export interface Timeline {
  readonly pod: ExplainedPod;
  readonly lifecycle: PodLifecycle;
  readonly rows: readonly TimelineRow[];
  /** The run zone ends in completion (a Job) rather than in deletion. */
  readonly completes: boolean;
  /** The stop zone's length in seconds: the grace period and the sidecars' 2 s after it. */
  readonly stopSeconds: number;
  /** Findings of the pod that are about no one container. */
  readonly podFindings: readonly Finding[];
  /** What the pod's shutdown does, in order, for the text under the bars. */
  readonly shutdownSteps: readonly string[];
  /** `Deployment/shop/web`. */
  readonly label: string;
  /** What each injector adds and why: `Istio 1.26 injects istio-init, istio-proxy (classic): …`. */
  readonly injections: readonly string[];
  /** `restartPolicy Always · terminationGracePeriodSeconds 30 (default)`, with `bullet` between. */
  facts(bullet: string): string;
  /** Whether the pod gets going and ends: it stays in Init, or a Job does (not) complete. */
  readonly verdict?: { readonly bad: boolean; readonly text: string };
}

/** Where the apps of a Job exit, in the run zone. */
const JOB_EXIT = 0.6;
/** Where a one-shot container of a service exits before it is restarted. */
const SERVICE_EXIT = 0.3;

function roleText(entry: LifecycleEntry): string {
  switch (entry.role) {
    case 'init':
      return 'init';
    case 'native-sidecar':
      return 'native';
    case 'classic-sidecar':
      return 'classic';
    default:
      return 'app';
  }
}

/** Where an app container starts in the run zone: after the blocking postStart hooks of those listed before it. */
const HELD_START = 0.06;

function rowOf(entry: LifecycleEntry, lifecycle: PodLifecycle, completes: boolean, runStart: number, findings: readonly Finding[]): TimelineRow {
  const segments: Segment[] = [];
  const marks: Mark[] = [];
  const { initSteps, shutdown } = lifecycle;
  const killed = shutdown.killed.includes(entry.info);
  if (entry.neverStarts === true) {
    // After an init container that never exits: no bar at all.
  } else if (entry.stuck === true) {
    segments.push({ zone: 'init', from: entry.step - 1, to: initSteps, kind: 'forever' }, { zone: 'run', from: 0, to: 1, kind: 'forever' });
    marks.push({ zone: 'run', at: 1, kind: 'never' });
  } else if (entry.role === 'init') {
    segments.push({ zone: 'init', from: entry.step - 1, to: entry.step, kind: 'init' });
    marks.push({ zone: 'init', at: entry.step - 1, kind: 'start' }, { zone: 'init', at: entry.step, kind: 'exit' });
  } else if (entry.role === 'native-sidecar') {
    segments.push({ zone: 'init', from: entry.step - 1, to: initSteps, kind: 'sidecar' });
    marks.push({ zone: 'init', at: entry.step - 1, kind: 'start' });
    if (completes) {
      // Stopped once the Job's containers have exited (in reverse order of start).
      const stop = Math.min(1, JOB_EXIT + 0.04 * entry.stopOrder);
      segments.push({ zone: 'run', from: 0, to: stop, kind: 'sidecar' });
      marks.push({ zone: 'run', at: stop, kind: 'gone' });
    } else {
      segments.push({ zone: 'run', from: 0, to: 1, kind: 'sidecar' });
      segments.push({ zone: 'stop', from: 0, to: entry.gone, kind: 'sidecar' });
      marks.push({ zone: 'stop', at: entry.sigterm, kind: 'sigterm' }, { zone: 'stop', at: entry.gone, kind: killed ? 'kill' : 'gone' });
    }
  } else {
    const kind: SegmentKind = entry.role === 'classic-sidecar' ? 'classic' : 'app';
    marks.push({ zone: 'run', at: runStart, kind: 'start' });
    if (completes) {
      if (entry.ends === 'runs') {
        segments.push({ zone: 'run', from: runStart, to: 1, kind: 'forever' });
        marks.push({ zone: 'run', at: 1, kind: 'never' });
      } else {
        segments.push({ zone: 'run', from: runStart, to: JOB_EXIT, kind });
        marks.push({ zone: 'run', at: JOB_EXIT, kind: 'exit' });
      }
    } else if (entry.ends === 'exits') {
      // A one-shot container of a pod that restarts it: it exits and starts again.
      segments.push({ zone: 'run', from: runStart, to: SERVICE_EXIT, kind });
      marks.push({ zone: 'run', at: SERVICE_EXIT, kind: 'restart' });
    } else {
      segments.push({ zone: 'run', from: runStart, to: 1, kind });
      // The preStop hook until SIGTERM (or until SIGKILL, when it outlasts the grace period), then the drain.
      const preStop = Math.min(entry.preStopSeconds ?? 0, entry.gone);
      if (preStop > 0) segments.push({ zone: 'stop', from: 0, to: preStop, kind: 'prestop' });
      if (entry.gone > preStop) segments.push({ zone: 'stop', from: preStop, to: entry.gone, kind: 'drain' });
      marks.push({ zone: 'stop', at: entry.sigterm, kind: 'sigterm' }, { zone: 'stop', at: entry.gone, kind: killed ? 'kill' : 'gone' });
    }
  }
  const notes = [roleText(entry)];
  if (entry.gate !== undefined && entry.gate.kind !== 'exit') notes.push(entry.gate.text);
  if (entry.info.injected !== undefined) notes.push(entry.info.injected.label);
  if (entry.info.injected?.redirects === true) notes.push('redirects traffic');
  if (entry.preStopSeconds !== undefined) notes.push(`preStop ${entry.preStopSeconds}s`);
  if (entry.drainSeconds !== undefined && !completes) notes.push(`drains ${entry.drainSeconds}s`);
  if (entry.neverStarts === true) notes.push('never starts');
  else if (entry.blocksJob !== undefined || entry.stuck === true) notes.push('never exits');
  if (!completes && entry.role !== 'init' && entry.ends === 'exits') notes.push('exits, restarted');
  return { entry, segments, marks, notes, findings };
}

function seconds(value: number): string {
  return `${Math.round(value * 10) / 10}s`;
}

/** The shutdown in order, from deletion to the last container gone. */
function shutdownStepsOf(lifecycle: PodLifecycle): string[] {
  const { shutdown, entries } = lifecycle;
  const grace = shutdown.graceSeconds;
  const steps: string[] = [];
  const regular = entries.filter((entry) => entry.role === 'app' || entry.role === 'classic-sidecar');
  const names = (list: readonly LifecycleEntry[]) => list.map((entry) => `"${entry.info.name}"`).join(', ');
  const hooks = entries.filter((entry) => entry.preStopSeconds !== undefined);
  const first = regular.filter((entry) => entry.sigterm === 0);
  steps.push([`0s: ${hooks.length > 0 ? `preStop hooks start (${hooks.map((entry) => `"${entry.info.name}" ${entry.preStopSeconds}s`).join(', ')})` : 'no preStop hooks'}`, ...(first.length > 0 ? [`SIGTERM to ${names(first)}`] : [])].join('; '));
  for (const entry of regular.filter((item) => item.sigterm > 0 && item.sigterm < grace).sort((a, b) => a.sigterm - b.sigterm)) steps.push(`${seconds(entry.sigterm)}: SIGTERM to "${entry.info.name}"`);
  for (const entry of regular.filter((item) => item.drainSeconds !== undefined)) steps.push(`${seconds(entry.sigterm)}–${seconds(entry.gone)}: "${entry.info.name}" drains its connections (${entry.drainWhy ?? ''})`);
  const killed = new Set(shutdown.killed);
  if (regular.length > 0 && !regular.some((entry) => killed.has(entry.info))) steps.push(`${seconds(shutdown.appsGone)}: the app containers are gone`);
  const sidecars = entries.filter((entry) => entry.role === 'native-sidecar').sort((a, b) => a.stopOrder - b.stopOrder);
  for (const entry of sidecars.filter((item) => !killed.has(item.info))) steps.push(`${seconds(entry.sigterm)}: SIGTERM to native sidecar "${entry.info.name}"${entry.stopOrder > 1 ? ' (the sidecars stop in reverse order)' : ''}`);
  const cut = entries.filter((entry) => killed.has(entry.info));
  if (cut.length === 0) {
    steps.push(`${grace}s: the grace period (terminationGracePeriodSeconds${shutdown.graceDefaulted ? ', default' : ''}) ends; every container has stopped by then`);
  } else {
    const late = cut.filter((entry) => (entry.preStopSeconds ?? 0) > grace);
    steps.push(`${grace}s: the grace period (terminationGracePeriodSeconds${shutdown.graceDefaulted ? ', default' : ''}) ends while ${names(cut)} still run${cut.length === 1 ? 's' : ''}${late.length > 0 ? `: ${names(late)} ${late.length === 1 ? 'is' : 'are'} still in preStop` : ''}; SIGTERM to what has not had it`);
    steps.push(`${seconds(Math.max(...cut.map((entry) => entry.gone)))}: SIGKILL to ${names(cut)}`);
  }
  return steps;
}

function startsWith(path: readonly (string | number)[] | undefined, prefix: readonly (string | number)[]): boolean {
  return path !== undefined && path.length >= prefix.length && prefix.every((segment, index) => path[index] === segment);
}

export function timelineOf(pod: ExplainedPod): Timeline {
  const restartPolicy = typeof pod.spec.restartPolicy === 'string' ? pod.spec.restartPolicy : 'Always';
  const lifecycle = podLifecycle({ containers: pod.containers, spec: pod.spec, workload: pod.workload, restartPolicy, annotations: pod.annotations, injections: pod.injections });
  const completes = lifecycle.job !== undefined;
  const stopSeconds = lifecycle.shutdown.graceSeconds + 2;
  // A finding belongs to the container its path lies in, or, placed at a trigger, to the injected container it names.
  const owner = (finding: Finding) =>
    lifecycle.entries.find((entry) => (finding.injected?.container !== undefined ? entry.info.injected !== undefined && entry.info.name === finding.injected.container : entry.info.injected === undefined && startsWith(finding.path, [...pod.pathPrefix, ...entry.info.path])));
  const owners = new Map(pod.findings.map((finding) => [finding, owner(finding)] as const));
  let held = 0;
  const rows = lifecycle.entries.map((entry) => {
    const runStart = entry.step > lifecycle.initSteps ? held * HELD_START : 0;
    if (entry.step > lifecycle.initSteps && entry.gate?.kind === 'post-start') held++;
    return rowOf(entry, lifecycle, completes, runStart, pod.findings.filter((finding) => owners.get(finding) === entry));
  });
  const podFindings = pod.findings.filter((finding) => owners.get(finding) === undefined);
  const verdict = verdictOf(pod, lifecycle);
  return {
    pod,
    lifecycle,
    rows,
    completes,
    stopSeconds,
    podFindings,
    shutdownSteps: completes ? [] : shutdownStepsOf(lifecycle),
    label: objectLabel(pod.object),
    injections: pod.injections.map(injectionLine),
    facts: (bullet) => `restartPolicy ${restartPolicy} ${bullet} terminationGracePeriodSeconds ${lifecycle.shutdown.graceSeconds}${lifecycle.shutdown.graceDefaulted ? ' (default)' : ''} ${bullet} ${plural(lifecycle.entries.length, 'container')}, ${plural(lifecycle.initSteps, 'init step')}`,
    ...(verdict !== undefined ? { verdict } : {}),
  };
}

/** What an injector adds to the pod, native or classic, and why: one line. */
export function injectionLine(plan: InjectionPlan): string {
  const added = plan.containers.map((item) => item.container.name ?? '').join(', ');
  const mode = plan.containers.some((item) => item.role !== 'proxy-init' && item.role !== 'agent-init' && item.role !== 'instrumentation') ? (plan.by.native ? ' (native)' : ' (classic)') : '';
  return `${plan.by.label} injects ${added === '' ? 'mounts and settings' : added}${mode}: ${plan.by.because}`;
}

function verdictOf(pod: ExplainedPod, lifecycle: PodLifecycle): Timeline['verdict'] {
  if (lifecycle.stuck !== undefined) return { bad: true, text: `The pod never leaves Init: init container "${lifecycle.stuck.name}" never exits, so what comes after it never starts.` };
  const job = lifecycle.job;
  if (job === undefined) return undefined;
  const what = pod.object.kind === 'Pod' ? 'pod' : pod.object.kind;
  if (job.completes) return { bad: false, text: `The ${what} completes when its containers have exited${lifecycle.entries.some((entry) => entry.role === 'native-sidecar') ? '; its native sidecars are stopped then' : ''}.` };
  return { bad: true, text: `The ${what} never completes: ${job.blockers.map((info) => `"${info.name}"`).join(', ')} ${job.blockers.length === 1 ? 'keeps' : 'keep'} running after the main container exits.` };
}
