/**
 * Placement: which node runs each pending instance, and on which port.
 *
 * <p>Modelled on Nomad's scheduler. {@link dev.plinth.nodemanager.placement.PlacementPlanner} takes a
 * {@link dev.plinth.nodemanager.placement.ClusterSnapshot} and the pending instances and returns a
 * {@link dev.plinth.nodemanager.placement.PlacementPlan}. Each instance goes through feasibility
 * (which nodes can take it), then ranking (which of them fits best), then pick (the best, ties
 * broken by name). Every step is a pure function of the snapshot. Reading the registry and writing
 * the bindings happen in {@code assignment}; this package has no Micronaut beans and does no I/O.
 */
package dev.plinth.nodemanager.placement;
