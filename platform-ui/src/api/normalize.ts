import type { DeploymentView, LogPage, NodeDetails, ScheduleView, UserView } from './types';

/*
 * The platform's JSON leaves out nulls and empty lists (Micronaut Serde's default inclusion), so a
 * new deployment comes without `instances` and a schedule that never fired without `fired`. These
 * put the empty values back, so the pages never meet a missing list.
 */

export function deployments(list: readonly DeploymentView[] | null): DeploymentView[] {
  return (list ?? []).map((d) => ({ ...d, instances: d.instances ?? [], reason: d.reason ?? null }));
}

export function schedules(list: readonly ScheduleView[] | null): ScheduleView[] {
  return (list ?? []).map((s) => ({ ...s, fired: s.fired ?? [] }));
}

export function users(list: readonly UserView[] | null): UserView[] {
  return (list ?? []).map((u) => ({ ...u, roles: u.roles ?? [], disabled: !!u.disabled }));
}

export function logPage(page: Partial<LogPage> | null): LogPage {
  return { records: page?.records ?? [], next: page?.next ?? null };
}

export function nodes(list: readonly NodeDetails[] | null): NodeDetails[] {
  const zero = { cpu: 0, memoryMb: 0 };
  return (list ?? []).map((n) => ({
    ...n,
    instances: n.instances ?? [],
    labels: n.labels ?? {},
    capacity: n.capacity ?? zero,
    used: n.used ?? zero,
    reserved: n.reserved ?? zero,
    isolation: n.isolation ?? 'required',
    isolationProblems: n.isolationProblems ?? [],
  }));
}

export function list<T>(value: readonly T[] | null): T[] {
  return [...(value ?? [])];
}
