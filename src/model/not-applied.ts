/**
 * "Not a manifest to apply": objects that nobody gives to the API server as they are written, so
 * that an error saying "the API server rejects the pod" is false about them (docs/precision.md,
 * "Not a manifest to apply"). Decided once per pod spec; every error rule asks `mayClaim`.
 *
 * - `observed`: the object carries a `status` (a non-empty map). The API server ignores `status` on
 *   create and nobody writes one into a manifest: it is an object read back from a cluster (which the
 *   API server has accepted) or the expectation of one (a test framework's assert file under a name
 *   of its own, a chainsaw `assert` step's file).
 * - `fragment`: no container has an image. A Kustomize patch, an overlay's part, or the input of a
 *   tool that completes it (a Knative Service): what it lacks comes from elsewhere.
 *
 * Test frameworks' assertion files, known by their names (`src/load/test-files.ts`), are not linted
 * at all: they describe what a cluster must hold, they create nothing.
 */
import type { ContainerInfo } from './containers.js';
import { isRecord } from '../load/values.js';

export interface NotApplied {
  readonly kind: 'observed' | 'fragment';
  /** Why, for the docs and for explain: `it has a status block`. */
  readonly reason: string;
}

/**
 * What an error rule claims:
 * - `rejected-value`: a value written here is one the API server rejects (a name, a type, a path);
 * - `rejected-missing`: the API server rejects the pod for something it lacks (a volume it mounts,
 *   a required field, a Job's restartPolicy);
 * - `runtime`: the pod is accepted but cannot work (a Job that never completes, an init container
 *   that never exits).
 */
export type ErrorClaim = 'rejected-value' | 'rejected-missing' | 'runtime';

/** True when the object has no container with an image: a fragment another object or tool completes. */
export function looksPartial(containers: readonly ContainerInfo[]): boolean {
  return !containers.some((info) => info.container.image !== undefined && info.container.image !== null);
}

/**
 * Why this object is not a manifest to apply as written, or undefined when it is one. `spec` is the
 * pod spec: one that says `containers: []` says it has no container (the API server rejects it), it
 * is no fragment.
 */
export function notAppliedOf(object: Readonly<Record<string, unknown>>, spec: Readonly<Record<string, unknown>>, containers: readonly ContainerInfo[]): NotApplied | undefined {
  const status = object.status;
  if (isRecord(status) && Object.keys(status).length > 0) return { kind: 'observed', reason: 'it has a status block: an object read back from a cluster, or the expectation of one' };
  const saysNone = Array.isArray(spec.containers) && spec.containers.length === 0;
  if (looksPartial(containers) && !saysNone) return { kind: 'fragment', reason: 'no container has an image: a patch or fragment that something else completes' };
  return undefined;
}

/**
 * Whether an error rule may make this claim about the pod. An observed object was accepted by the
 * API server (or is an expectation, which is never applied): only runtime claims hold. A fragment
 * may lack anything: claims about what is missing do not hold, claims about what is written do.
 */
export function mayClaim(pod: { readonly notApplied?: NotApplied }, claim: ErrorClaim): boolean {
  const kind = pod.notApplied?.kind;
  if (kind === undefined) return true;
  if (kind === 'observed') return claim === 'runtime';
  return claim !== 'rejected-missing';
}
