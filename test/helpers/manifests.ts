/** Small manifests several test files use. Line numbers inside them are part of the tests. */

/** A Pod whose only container mounts a volume that is not declared: one error at 10:11. */
export const BAD_POD = `apiVersion: v1
kind: Pod
metadata:
  name: broken
spec:
  containers:
    - name: app
      image: nginx
      volumeMounts:
        - name: logs
          mountPath: /var/log/nginx
`;

/** A Pod with a one-shot setup step in containers: one warning (setup-in-init-container). */
export const WARNING_POD = `apiVersion: v1
kind: Pod
metadata: { name: warn }
spec:
  containers:
    - name: app
      image: nginx
    - name: setup
      image: busybox
      command: ["cp", "/a", "/b"]
`;
