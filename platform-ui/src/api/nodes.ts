import { api } from './http';
import * as normalize from './normalize';
import type { NodeDetails } from './types';

/** Nodes (node-manager): every node with its load and instances, and the admin's node actions. */

export type NodeAction = 'drain' | 'cordon' | 'uncordon';

export async function listNodes(signal?: AbortSignal): Promise<NodeDetails[]> {
  return normalize.nodes(await api<NodeDetails[]>('/api/nodes', { signal }));
}

/** Drains (moves its instances away), cordons (takes no new ones) or uncordons a node. */
export async function changeNode(node: string, action: NodeAction): Promise<void> {
  await api(`/api/nodes/${encodeURIComponent(node)}/${action}`, { method: 'POST' });
}
