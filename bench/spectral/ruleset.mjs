// The peer benchmark: three sidecar-lint rules expressed as a Spectral ruleset with custom functions.
// Every `spec` that lists containers is treated as a pod spec (Pod, templates, CronJob templates).

function podSpec(spec) {
  return spec !== null && typeof spec === 'object' && Array.isArray(spec.containers) ? spec : undefined;
}

function allContainers(spec) {
  const list = [];
  for (const key of ['initContainers', 'containers']) {
    const items = Array.isArray(spec[key]) ? spec[key] : [];
    items.forEach((container, index) => {
      if (container && typeof container === 'object') list.push({ container, path: [key, index] });
    });
  }
  return list;
}

function volumeMountUndefined(target, _options, context) {
  const spec = podSpec(target);
  if (!spec) return [];
  const declared = new Set((Array.isArray(spec.volumes) ? spec.volumes : []).map((volume) => volume?.name));
  const results = [];
  for (const { container, path } of allContainers(spec)) {
    (Array.isArray(container.volumeMounts) ? container.volumeMounts : []).forEach((mount, index) => {
      if (mount && typeof mount.name === 'string' && !declared.has(mount.name)) {
        results.push({ message: `container "${container.name}" mounts undeclared volume "${mount.name}"`, path: [...context.path, ...path, 'volumeMounts', index, 'name'] });
      }
    });
  }
  return results;
}

function containerNameDuplicate(target, _options, context) {
  const spec = podSpec(target);
  if (!spec) return [];
  const seen = new Set();
  const results = [];
  for (const { container, path } of allContainers(spec)) {
    if (typeof container.name !== 'string') continue;
    if (seen.has(container.name)) results.push({ message: `container name "${container.name}" is used twice`, path: [...context.path, ...path, 'name'] });
    seen.add(container.name);
  }
  return results;
}

const TAIL_FOLLOW_BY_NAME = /\btail\b(?:\s+-{1,2}[\w=-]+)*\s+(?:-f|--follow(?:=descriptor)?)\b/;

function tailFollowByName(target, _options, context) {
  const spec = podSpec(target);
  if (!spec) return [];
  const results = [];
  for (const { container, path } of allContainers(spec)) {
    const words = [...(Array.isArray(container.command) ? container.command : []), ...(Array.isArray(container.args) ? container.args : [])];
    if (TAIL_FOLLOW_BY_NAME.test(words.join(' '))) {
      results.push({ message: `container "${container.name}" follows a log with tail -f, which stops at rotation; use tail -F`, path: [...context.path, ...path] });
    }
  }
  return results;
}

export default {
  rules: {
    'volume-mount-undefined': { given: '$..spec', severity: 'error', then: { function: volumeMountUndefined } },
    'container-name-duplicate': { given: '$..spec', severity: 'error', then: { function: containerNameDuplicate } },
    'tail-follow-by-name': { given: '$..spec', severity: 'warn', then: { function: tailFollowByName } },
  },
};
