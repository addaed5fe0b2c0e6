/**
 * Kinds that never carry a pod spec: built-in Kubernetes kinds without a pod template, and the
 * best-known custom resources of service meshes, gateways, monitoring and certificates. Keyed by
 * API group, because a kind name alone is not enough (Knative's `serving.knative.dev` Service
 * carries a pod template; the core `v1` Service does not).
 *
 * The engine never looks for pod specs in these objects.
 */

const NO_POD_SPEC: Readonly<Record<string, readonly string[]>> = {
  '': [
    'Binding',
    'ComponentStatus',
    'ConfigMap',
    'Endpoints',
    'Event',
    'LimitRange',
    'Namespace',
    'Node',
    'PersistentVolume',
    'PersistentVolumeClaim',
    'ResourceQuota',
    'Secret',
    'Service',
    'ServiceAccount',
  ],
  'admissionregistration.k8s.io': [
    'MutatingWebhookConfiguration',
    'ValidatingAdmissionPolicy',
    'ValidatingAdmissionPolicyBinding',
    'ValidatingWebhookConfiguration',
  ],
  'apiextensions.k8s.io': ['CustomResourceDefinition'],
  'apiregistration.k8s.io': ['APIService'],
  apps: ['ControllerRevision'],
  autoscaling: ['HorizontalPodAutoscaler'],
  'certificates.k8s.io': ['CertificateSigningRequest'],
  'coordination.k8s.io': ['Lease'],
  'discovery.k8s.io': ['EndpointSlice'],
  'networking.k8s.io': ['Ingress', 'IngressClass', 'NetworkPolicy'],
  'node.k8s.io': ['RuntimeClass'],
  policy: ['PodDisruptionBudget', 'PodSecurityPolicy'],
  'rbac.authorization.k8s.io': ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'],
  'scheduling.k8s.io': ['PriorityClass'],
  'storage.k8s.io': ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'],
  'cert-manager.io': ['Certificate', 'CertificateRequest', 'ClusterIssuer', 'Issuer'],
  'gateway.networking.k8s.io': ['GRPCRoute', 'Gateway', 'GatewayClass', 'HTTPRoute', 'ReferenceGrant', 'TCPRoute', 'TLSRoute', 'UDPRoute'],
  'monitoring.coreos.com': ['PodMonitor', 'PrometheusRule', 'Probe', 'ServiceMonitor'],
  'networking.istio.io': ['DestinationRule', 'EnvoyFilter', 'Gateway', 'ServiceEntry', 'Sidecar', 'VirtualService', 'WorkloadEntry', 'WorkloadGroup'],
  'security.istio.io': ['AuthorizationPolicy', 'PeerAuthentication', 'RequestAuthentication'],
};

const lookup = new Map(Object.entries(NO_POD_SPEC).map(([group, kinds]) => [group, new Set(kinds)]));

/** The API group of an apiVersion: `v1` → `` (core), `apps/v1` → `apps`. */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.lastIndexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/** False only for kinds known never to carry a pod spec; unknown kinds may. */
export function mayHoldPodSpec(apiVersion: string, kind: string): boolean {
  return lookup.get(apiGroupOf(apiVersion))?.has(kind) !== true;
}
