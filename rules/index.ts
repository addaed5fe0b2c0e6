/** The built-in rules, sorted by id: the only place ids are bound to modules. */
import type { AnyRule } from '../src/rule.js';
import containerNameDuplicate from './container-name-duplicate.js';
import containerNameInvalid from './container-name-invalid.js';
import containerPortConflict from './container-port-conflict.js';
import containerRestartPolicyInvalid from './container-restart-policy-invalid.js';
import hostPortConflict from './host-port-conflict.js';
import initContainerNeverExits from './init-container-never-exits.js';
import initContainerProbeForbidden from './init-container-probe-forbidden.js';
import jobSidecarBlocksCompletion from './job-sidecar-blocks-completion.js';
import nativeSidecarUnsupported from './native-sidecar-unsupported.js';
import podSpecSchema from './pod-spec-schema.js';
import prestopSleepExceedsGrace from './prestop-sleep-exceeds-grace.js';
import setupInInitContainer from './setup-in-init-container.js';
import sharedVolumeUnshared from './shared-volume-unshared.js';
import volumeMountDuplicatePath from './volume-mount-duplicate-path.js';
import volumeMountSubpathInvalid from './volume-mount-subpath-invalid.js';
import volumeMountUndefined from './volume-mount-undefined.js';
import workloadRestartPolicyInvalid from './workload-restart-policy-invalid.js';

export const builtinRules: readonly AnyRule[] = [
  containerNameDuplicate,
  containerNameInvalid,
  containerPortConflict,
  containerRestartPolicyInvalid,
  hostPortConflict,
  initContainerNeverExits,
  initContainerProbeForbidden,
  jobSidecarBlocksCompletion,
  nativeSidecarUnsupported,
  podSpecSchema,
  prestopSleepExceedsGrace,
  setupInInitContainer,
  sharedVolumeUnshared,
  volumeMountDuplicatePath,
  volumeMountSubpathInvalid,
  volumeMountUndefined,
  workloadRestartPolicyInvalid,
];
