/** The built-in rules, sorted by id: the only place ids are bound to modules. */
import type { AnyRule } from '../src/engine/rule.js';
import containerNameDuplicate from './container-name-duplicate.js';
import containerNameInvalid from './container-name-invalid.js';
import containerPortConflict from './container-port-conflict.js';
import containerRestartPolicyInvalid from './container-restart-policy-invalid.js';
import hostPortConflict from './host-port-conflict.js';
import initContainerNeverExits from './init-container-never-exits.js';
import initContainerProbeForbidden from './init-container-probe-forbidden.js';
import injectedAppmeshEndOfSupport from './injected-appmesh-end-of-support.js';
import injectedInitNetworkBlocked from './injected-init-network-blocked.js';
import injectedOtelIstioNative from './injected-otel-istio-native.js';
import injectedPortConflict from './injected-port-conflict.js';
import injectedProxyUid from './injected-proxy-uid.js';
import injectedSidecarBlocksJob from './injected-sidecar-blocks-job.js';
import injectedVaultInitOrder from './injected-vault-init-order.js';
import jobSidecarBlocksCompletion from './job-sidecar-blocks-completion.js';
import nativeSidecarUnsupported from './native-sidecar-unsupported.js';
import podSpecSchema from './pod-spec-schema.js';
import preferNativeSidecar from './prefer-native-sidecar.js';
import prestopSleepExceedsGrace from './prestop-sleep-exceeds-grace.js';
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
  injectedAppmeshEndOfSupport,
  injectedInitNetworkBlocked,
  injectedOtelIstioNative,
  injectedPortConflict,
  injectedProxyUid,
  injectedSidecarBlocksJob,
  injectedVaultInitOrder,
  jobSidecarBlocksCompletion,
  nativeSidecarUnsupported,
  podSpecSchema,
  preferNativeSidecar,
  prestopSleepExceedsGrace,
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
  volumeMountDuplicatePath,
  volumeMountSubpathInvalid,
  volumeMountUndefined,
  workloadRestartPolicyInvalid,
];
