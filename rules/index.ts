/** The built-in rules, sorted by id: the only place ids are bound to modules. */
import type { AnyRule } from '../src/rule.js';
import containerNameDuplicate from './container-name-duplicate.js';
import containerRestartPolicyInvalid from './container-restart-policy-invalid.js';
import initContainerNeverExits from './init-container-never-exits.js';
import initContainerProbeForbidden from './init-container-probe-forbidden.js';
import jobSidecarBlocksCompletion from './job-sidecar-blocks-completion.js';
import preferNativeSidecar from './prefer-native-sidecar.js';
import setupInInitContainer from './setup-in-init-container.js';
import sharedEmptydirSizeLimit from './shared-emptydir-size-limit.js';
import sharedProcessNamespace from './shared-process-namespace.js';
import sharedVolumeUnshared from './shared-volume-unshared.js';
import sidecarLivenessProbe from './sidecar-liveness-probe.js';
import sidecarMountReadonly from './sidecar-mount-readonly.js';
import sidecarOrder from './sidecar-order.js';
import sidecarReadinessGatesPod from './sidecar-readiness-gates-pod.js';
import sidecarReadsUnmountedPath from './sidecar-reads-unmounted-path.js';
import sidecarResources from './sidecar-resources.js';
import sidecarRestartNever from './sidecar-restart-never.js';
import sidecarStartupProbe from './sidecar-startup-probe.js';
import tailFollowByName from './tail-follow-by-name.js';
import terminationGraceTooShort from './termination-grace-too-short.js';
import volumeMountUndefined from './volume-mount-undefined.js';

export const builtinRules: readonly AnyRule[] = [
  containerNameDuplicate,
  containerRestartPolicyInvalid,
  initContainerNeverExits,
  initContainerProbeForbidden,
  jobSidecarBlocksCompletion,
  preferNativeSidecar,
  setupInInitContainer,
  sharedEmptydirSizeLimit,
  sharedProcessNamespace,
  sharedVolumeUnshared,
  sidecarLivenessProbe,
  sidecarMountReadonly,
  sidecarOrder,
  sidecarReadinessGatesPod,
  sidecarReadsUnmountedPath,
  sidecarResources,
  sidecarRestartNever,
  sidecarStartupProbe,
  tailFollowByName,
  terminationGraceTooShort,
  volumeMountUndefined,
];
