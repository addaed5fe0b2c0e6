/** The built-in rules, sorted by id: the only place ids are bound to modules. */
import type { AnyRule } from '../src/rule.js';
import containerNameDuplicate from './container-name-duplicate.js';
import containerRestartPolicyInvalid from './container-restart-policy-invalid.js';
import initContainerNeverExits from './init-container-never-exits.js';
import initContainerProbeForbidden from './init-container-probe-forbidden.js';
import jobSidecarBlocksCompletion from './job-sidecar-blocks-completion.js';
import setupInInitContainer from './setup-in-init-container.js';
import sharedVolumeUnshared from './shared-volume-unshared.js';
import volumeMountUndefined from './volume-mount-undefined.js';

export const builtinRules: readonly AnyRule[] = [
  containerNameDuplicate,
  containerRestartPolicyInvalid,
  initContainerNeverExits,
  initContainerProbeForbidden,
  jobSidecarBlocksCompletion,
  setupInInitContainer,
  sharedVolumeUnshared,
  volumeMountUndefined,
];
