#!/usr/bin/env bash
# Installs this repository's pre-commit hook for real and runs it on a throwaway git repository:
# `pre-commit try-repo` must fail on a broken manifest with the finding, and pass once it is fixed,
# with non-Kubernetes YAML and JSON (a workflow, Helm values, package.json) passing silently.
#   test/pre-commit-hook.sh [repository]      (default: this repository; needs pre-commit and npm)
# pre-commit installs a `language: node` hook by `npm install` + `npm pack` of the repository at
# its HEAD (uncommitted changes to tracked files included; untracked files are not).
set -euo pipefail

repo=$(cd "${1:-$(dirname "$0")/..}" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/sidecar-lint-pre-commit-XXXXXX")
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="$work/cache"
# After `npm install` npm's cache holds what pre-commit 3's own `npm install` in the clone needs: offline, no registry.
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false npm_config_offline=true

fail() {
  echo "FAIL: $1" >&2
  [ -f "$work/out.log" ] && sed 's/^/  | /' "$work/out.log" >&2
  exit 1
}

mkdir -p "$work/project/.github/workflows" "$work/project/k8s"
cd "$work/project"
git init -q
cat > k8s/pod.yaml <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: app
      image: nginx:1.27
      volumeMounts:
        - name: logs
          mountPath: /var/log/nginx
YAML
cat > .github/workflows/ci.yml <<'YAML'
name: ci
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: echo hello
YAML
printf 'replicaCount: 2\nimage:\n  tag: "1.0"\n' > values.yaml
printf '{ "name": "demo", "version": "1.0.0" }\n' > package.json
printf '# demo\n' > README.md
git add -A

if "${PRE_COMMIT:-pre-commit}" try-repo "$repo" sidecar-lint --all-files > "$work/out.log" 2>&1; then
  fail "the hook passed on a manifest with an undefined volume"
fi
grep -qx 'k8s/pod.yaml' "$work/out.log" && grep -q '^  10:11  error    Pod/web: container "app" mounts volume "logs"' "$work/out.log" || fail "the finding is missing from the hook's output"
grep -qE '(values\.yaml|ci\.yml|package\.json):' "$work/out.log" && fail "a file that is not a Kubernetes object was reported"
echo "ok: the hook fails on the broken manifest with its finding"

cat >> k8s/pod.yaml <<'YAML'
  volumes:
    - name: logs
      emptyDir: {}
YAML
git add -A
"${PRE_COMMIT:-pre-commit}" try-repo "$repo" sidecar-lint --all-files > "$work/out.log" 2>&1 || fail "the hook failed on the fixed manifest"
grep -qE '^sidecar-lint\.+Passed$' "$work/out.log" || fail "the hook did not report Passed"
echo "ok: the hook passes once the manifest is fixed"
