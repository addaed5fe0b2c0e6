import { describeContainer } from '../src/model/containers.js';
import { blocksJobCompletion, noOrderingNeed } from '../src/model/sidecars.js';
import { blockingPostStart, isLinkerdControlPlane, keptClassicOnPurpose, meshOf } from '../src/model/mesh.js';
import type { Mesh } from '../src/model/mesh.js';
import { annotationFix, isMeshProxy, nativeSidecarMove } from '../src/fix/builders.js';
import { nativeAnnotation } from '../src/model/injectors/index.js';
import { defineRule } from '../src/engine/rule.js';
import { formatKubeVersion, hasFeature } from '../src/model/kube-version.js';

const PROXY =
  '{{container}} is a classic {{product}} sidecar: {{startup}}. Kubernetes {{version}} supports native sidecars, which start before and stop after the app containers.';
const PARALLEL = 'it starts in parallel with the app, so the app can start before its network exists, and at shutdown it can stop while the app still sends traffic';
/** For a sidecar the app calls (Dapr's daprd) rather than one its traffic goes through. */
const PARALLEL_CALLED = 'it starts in parallel with the app, so the app can call it before it is up, and at shutdown it can stop while the app still calls it';
/** The injectors whose sidecar the pod's traffic goes through. */
const MESHES = new Set(['istio', 'linkerd', 'appmesh']);
const HELD = (hook: string): string => `its blocking postStart hook ("${hook}") already holds the app until it is ready, but at shutdown it can stop while the app still sends traffic`;

/** Which message fits: the mesh (if the annotations show one) decides how the proxy becomes native. */
function proxyMessage(mesh: Mesh | undefined): string {
  if (mesh?.kind === 'istio') return mesh.holdApplicationUntilProxyStarts === true ? 'istioHeld' : 'istio';
  if (mesh?.kind === 'linkerd') return 'linkerd';
  return 'proxy';
}

export default defineRule({
  meta: {
    id: 'prefer-native-sidecar',
    description: 'Prefer native sidecars (init containers with restartPolicy: Always) to helper containers next to the app',
    severity: 'warning',
    docs: 'rules/prefer-native-sidecar.md',
    versionAware: true,
    seesInjected: true,
    tags: ['kubernetes', 'sidecar', 'reliability'],
    fixable: true,
    messages: {
      proxy: `${PROXY} Move it to initContainers with restartPolicy: Always and a startupProbe.`,
      istio: `${PROXY} The pod is in an Istio mesh: let Istio inject the proxy as a native sidecar (annotation sidecar.istio.io/nativeSidecar: "true", the default from Istio 1.27), or at least set holdApplicationUntilProxyStarts: true in proxy.istio.io/config.`,
      istioHeld: `${PROXY} holdApplicationUntilProxyStarts orders startup only: let Istio inject the proxy as a native sidecar (annotation sidecar.istio.io/nativeSidecar: "true", the default from Istio 1.27) so that shutdown is ordered too.`,
      linkerd: `${PROXY} The pod is in a Linkerd mesh: have the proxy injected as a native sidecar: the default from Linkerd 2.20 (annotation config.linkerd.io/proxy-enable-native-sidecar); before that set it to "true" under its earlier names, config.beta.linkerd.io/proxy-enable-native-sidecar (2.19) or config.alpha.linkerd.io/proxy-enable-native-sidecar (2.15–2.18).`,
      linkerdControlPlane: `${PROXY} This pod is part of Linkerd's control plane, whose proxies its chart or \`linkerd install\` writes (no injector reads pod annotations here): set the value proxy.nativeSidecar: true (helm --set proxy.nativeSidecar=true, or linkerd install --set proxy.nativeSidecar=true), the default of the chart from Linkerd 2.20.`,
      injected: `${PROXY} {{injector}} decides where {{it}} goes: add the annotation {{annotation}}: "true" to the pod template, and it injects {{it}} as a native sidecar.`,
      helper:
        "{{container}} is a classic {{product}} sidecar: it starts in parallel with the app and stops in no particular order with it, so it can miss the app's first or last {{what}}. Kubernetes {{version}} supports native sidecars: move it to initContainers with restartPolicy: Always, and it starts before and stops after the app containers.",
    },
  },
  check(pod, context) {
    // Argo Workflows manages its template's sidecars itself: it kills them when the main container exits.
    if (pod.workload === 'argo') return;
    const version = context.kubernetesVersion;
    if (!hasFeature(version, 'nativeSidecars')) return;
    const mesh = meshOf([pod.podAnnotations, pod.owner.annotations], pod.containers);
    // The pod says it wants its mesh proxy classic (sidecar.istio.io/nativeSidecar: "false", Linkerd's
    // proxy-enable-native-sidecar: "false"): a decision, not an oversight (the rule page says how to revisit it).
    const optedOut = mesh?.nativeSidecar === false;
    const controlPlane = isLinkerdControlPlane({ ...pod.owner.labels, ...pod.podLabels });
    for (const info of pod.containers) {
      const helper = info.classicSidecar;
      if (!helper) continue;
      if (optedOut && (info.injected === undefined ? helper.category === 'proxy' : info.injected.injector === mesh?.kind)) continue;
      // job-sidecar-blocks-completion reports this container (one problem, one finding).
      if (blocksJobCompletion(pod.workload, pod.containers, info)) continue;
      // The vendor keeps this proxy classic on purpose (Linkerd's identity controller).
      if (keptClassicOnPurpose(info, pod.containers)) continue;
      // A reloader, an exporter, an inbound auth proxy: nothing gains from their order (src/model/README.md).
      if (noOrderingNeed(helper)) continue;
      const hook = blockingPostStart(info);
      // sidecar-restart-never reports a classic sidecar in a pod that does not restart it, with the same move.
      if (pod.restartPolicy === 'Never' || pod.restartPolicy === 'OnFailure') continue;
      if (info.injected !== undefined) {
        // What an injector adds changes only through its annotation; without one (Vault, App Mesh, old releases) there is nothing to advise.
        const annotation = nativeAnnotation(info.injected, version);
        if (annotation === undefined) continue;
        const fix = annotationFix(pod.object, pod.metadataPath, annotation.key, annotation.value);
        context.report({
          path: info.path,
          messageId: 'injected',
          data: {
            container: describeContainer(info),
            product: helper.product,
            version: formatKubeVersion(version),
            startup: hook ? HELD(hook) : MESHES.has(info.injected.injector) ? PARALLEL : PARALLEL_CALLED,
            injector: info.injected.label,
            annotation: annotation.key,
            it: MESHES.has(info.injected.injector) ? 'its proxy' : `"${info.name}"`,
          },
          container: info,
          ...(fix !== undefined ? { fix } : {}),
        });
        continue;
      }
      const onNetwork = helper.category === 'proxy' || helper.category === 'database-proxy';
      const injectedProxy = helper.category === 'proxy' && (mesh !== undefined || isMeshProxy(info));
      const what = helper.category === 'logging' ? 'log lines' : helper.category === 'metrics' ? 'metrics' : 'work';
      context.report({
        path: info.path,
        messageId: helper.product === 'Linkerd proxy' && controlPlane ? 'linkerdControlPlane' : helper.category === 'proxy' ? proxyMessage(mesh) : onNetwork ? 'proxy' : 'helper',
        data: {
          container: describeContainer(info),
          product: helper.product,
          version: formatKubeVersion(version),
          what,
          startup: hook ? HELD(hook) : PARALLEL,
        },
        container: info,
        // A proxy a mesh injects is the injector's to place (see the rule page): no automatic move.
        fix: injectedProxy ? undefined : nativeSidecarMove(info, version),
      });
    }
  },
});
