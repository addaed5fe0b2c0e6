/**
 * Whether a command line visibly talks over the network, and whether it talks to a given
 * container of the pod (through localhost and one of its declared ports).
 */
import type { ContainerInfo } from './containers.js';
import { portsOf } from './container-fields.js';

const NETWORK_TOOLS =
  /(?:^|[\s;&|(/])(?:curl|wget|nc|ncat|telnet|psql|mysql|mysqladmin|pg_isready|mongo|mongosh|redis-cli|kubectl|helm|vault|aws|gcloud|gsutil|az|flyway|liquibase)(?=\s|$)|\bgit\s+(?:clone|fetch|pull|ls-remote)\b|\b[a-z][a-z0-9+.-]*:\/\/[^\s/]/;

/** Why the script needs the network, or undefined when it does not visibly do. */
export function networkUse(script: string): string | undefined {
  const match = NETWORK_TOOLS.exec(script);
  return match ? `it runs "${match[0].trim().replace(/^[;&|(/]/, '')}"` : undefined;
}

/** True when the script talks to `localhost`/`127.0.0.1` on one of the ports `target` declares. */
export function talksTo(script: string, target: ContainerInfo): boolean {
  const ports = portsOf(target)
    .map((port) => port.value.containerPort)
    .filter((port): port is number => typeof port === 'number');
  return ports.some((port) => new RegExp(String.raw`(?:localhost|127\.0\.0\.1|\[::1\]|0\.0\.0\.0):${port}\b`).test(script));
}
