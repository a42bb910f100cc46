import { changeNode, listNodes, type NodeAction } from '../api/nodes';
import type { NodeDetails } from '../api/types';
import { ActionResult } from '../components/ActionResult';
import { Async, LastUpdated } from '../components/Async';
import { Meter } from '../components/Meter';
import { Page } from '../components/Page';
import { StatusBadge } from '../components/StatusBadge';
import { ago, cores } from '../format';
import { useAction } from '../hooks/useAction';
import { usePolling } from '../hooks/usePolling';
import { href } from '../router';

export const NODES_POLL_MS = 3000;

const CONFIRM: Record<NodeAction, (node: string) => string> = {
  drain: (node) => `Drain ${node}? Its instances are moved to other nodes and it takes no new ones.`,
  cordon: (node) => `Cordon ${node}? It keeps its instances but takes no new ones.`,
  uncordon: (node) => `Open ${node} for new instances again?`,
};

const DONE: Record<NodeAction, string> = {
  drain: 'is draining: its instances are being moved',
  cordon: 'is cordoned',
  uncordon: 'takes new instances again',
};

function NodeCard({ node, onChange }: { readonly node: NodeDetails; readonly onChange: () => void }) {
  const action = useAction();
  const { busy } = action;
  const headingId = `node-${node.name}`;

  const act = (change: NodeAction) => {
    if (!window.confirm(CONFIRM[change](node.name))) return;
    void action.run(() => changeNode(node.name, change), {
      done: `${node.name} ${DONE[change]}.`,
      failed: `Could not ${change} ${node.name}`,
      onDone: onChange,
    });
  };

  const running = node.instances.filter((i) => i.desired !== 'STOP');
  const labels = Object.entries(node.labels);
  return (
    <li className="card node" aria-labelledby={headingId}>
      <div className="node__head">
        <h2 id={headingId}>{node.name}</h2>
        <StatusBadge state={node.state} />
        {node.adminState !== 'ACTIVE' && node.adminState !== node.state && <StatusBadge state={node.adminState} />}
      </div>
      <p className="muted small">
        {node.kind} · {node.runtime} · {node.address} · ports {node.ports.from}–{node.ports.to} · heartbeat {ago(node.lastHeartbeatAt)}
      </p>
      {node.isolationProblems.length > 0 && (
        <div className="note note--error" role="status">
          <p>Not ready: its agent cannot isolate instances, so nothing is placed on it. To fix:</p>
          <ul>
            {node.isolationProblems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </div>
      )}
      {node.isolation === 'none' && (
        <p className="note note--warn">
          Runs instances unconfined (<code>isolation: none</code> in the inventory): no sandbox, only the limits the host allows. Trusted code only.
        </p>
      )}
      <Meter
        label="CPU"
        value={node.used.cpu}
        max={node.capacity.cpu}
        reserved={node.reserved.cpu}
        text={`${cores(node.used.cpu)} of ${cores(node.capacity.cpu)} cores used, ${cores(node.reserved.cpu)} reserved`}
      />
      <Meter
        label="Memory"
        value={node.used.memoryMb}
        max={node.capacity.memoryMb}
        reserved={node.reserved.memoryMb}
        text={`${node.used.memoryMb} of ${node.capacity.memoryMb} MiB used, ${node.reserved.memoryMb} reserved`}
      />
      <div className="labels" aria-label="Labels">
        {labels.length === 0 ? (
          <span className="muted small">No labels</span>
        ) : (
          <ul className="chips">
            {labels.map(([k, v]) => (
              <li key={k} className="chip">
                {k}={v}
              </li>
            ))}
          </ul>
        )}
      </div>
      <h3 className="node__instances-heading">
        {running.length === 0 ? 'No instances' : `${running.length} instance${running.length === 1 ? '' : 's'}`}
      </h3>
      {node.instances.length > 0 && (
        <ul className="node__instances">
          {node.instances.map((i) => (
            <li key={i.id}>
              <a href={href(`/apps/${encodeURIComponent(i.app)}`)}>{i.app}</a> <code className="small">{i.id}</code>{' '}
              <StatusBadge state={i.state} />
              {i.desired === 'STOP' && <span className="muted small"> stopping</span>}
            </li>
          ))}
        </ul>
      )}
      <div className="actions">
        {node.adminState !== 'DRAINING' && (
          <button type="button" className="button button--danger button--small" disabled={busy} onClick={() => act('drain')}>
            Drain<span className="visually-hidden"> {node.name}</span>
          </button>
        )}
        {node.adminState === 'ACTIVE' && (
          <button type="button" className="button button--secondary button--small" disabled={busy} onClick={() => act('cordon')}>
            Cordon<span className="visually-hidden"> {node.name}</span>
          </button>
        )}
        {node.adminState !== 'ACTIVE' && (
          <button type="button" className="button button--secondary button--small" disabled={busy} onClick={() => act('uncordon')}>
            Uncordon<span className="visually-hidden"> {node.name}</span>
          </button>
        )}
      </div>
      <ActionResult message={action.message} />
    </li>
  );
}

/** The admin's node console: every node with its load and instances, and drain/cordon/uncordon. */
export function Nodes() {
  const nodes = usePolling(listNodes, NODES_POLL_MS);
  return (
    <Page title="Nodes" lead="Every node of the platform with its capacity, load and instances. Bars show measured use; the lighter part is what instances reserve.">
      <Async polled={nodes} what="the nodes" isEmpty={(list) => list.length === 0} empty={<p>The inventory lists no nodes.</p>}>
        {(list) => (
          <>
            <ul className="node-grid">
              {list.map((node) => (
                <NodeCard key={node.name} node={node} onChange={nodes.reload} />
              ))}
            </ul>
            <LastUpdated at={nodes.updatedAt} />
          </>
        )}
      </Async>
    </Page>
  );
}
