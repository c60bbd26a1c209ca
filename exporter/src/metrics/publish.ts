/** Writes a verdict and the mesh's link states into the gauges. Called once per evaluation. */
import { ROLES, type NodeName, type Verdict } from '../analysis/types';
import type { Mesh } from '../mesh/mesh';
import type { Metrics } from './registry';

export function publishLinks(metrics: Metrics, mesh: Mesh): void {
  // Members come and go (discovery): a former member's series go with it.
  metrics.linkUp.reset();
  metrics.linkLossRatio.reset();
  for (const source of mesh.members) {
    if (source === mesh.self) continue;
    const tracker = mesh.tracker(source)!;
    const labels = { source, target: mesh.self };
    // Unknown is never shown as down: no series at all until the state is known.
    if (tracker.state !== 'unknown') {
      metrics.linkUp.set(labels, tracker.state === 'up' ? 1 : 0);
      metrics.linkLossRatio.set(labels, tracker.lossRatio());
    }
  }
}

export function publishVerdict(metrics: Metrics, verdict: Verdict | undefined, rowAges: ReadonlyMap<NodeName, number>): void {
  metrics.clusterMembers.set(verdict?.memberCount ?? 0);
  metrics.quorumSize.set(verdict?.quorum ?? 0);
  metrics.ready.set(verdict ? 1 : 0);
  for (const role of ROLES) metrics.nodeRole.set({ role }, verdict?.role === role ? 1 : 0);
  metrics.rowAge.reset();
  for (const [origin, ageMs] of rowAges) metrics.rowAge.set({ origin }, ageMs / 1000);
  metrics.linkAsymmetric.reset();
  metrics.bridgeNode.reset();
  metrics.splitBrainWriter.reset();
  if (verdict === undefined) return; // warming up: claim nothing
  metrics.splitBrain.set(verdict.splitBrain !== undefined && verdict.splitBrain.length > 0 ? 1 : 0);
  for (const split of verdict.splitBrain ?? []) {
    for (const w of split.writers) metrics.splitBrainWriter.set({ system: split.system, target: split.target, server: w.instance, writer_node: w.node }, 1);
  }
  metrics.reachableNodes.set(verdict.contacts.length);
  metrics.degradationLevel.set(verdict.degradation);
  metrics.partitionDetected.set(verdict.partitionDetected ? 1 : 0);
  metrics.partitionComponents.set(verdict.components.length);
  metrics.nodesUnreachable.set(verdict.unreachable.length);
  metrics.viewFreshNodes.set(verdict.freshNodes.length);
  metrics.majoritiesRing.set(verdict.majoritiesRing ? 1 : 0);
  metrics.noQuorum.set(verdict.noQuorum ? 1 : 0);
  for (const link of verdict.asymmetricLinks) metrics.linkAsymmetric.set({ source: link.source, target: link.target }, 1);
  for (const bridge of verdict.bridges) metrics.bridgeNode.set({ bridge }, 1);
}
