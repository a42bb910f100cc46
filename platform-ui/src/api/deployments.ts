import { api } from './http';
import * as normalize from './normalize';
import { appPath } from './apps';
import type { DeploymentView, ScheduleView } from './types';

/*
 * An app's deployments and schedules (deployer). A deploy request without `schedule` deploys now;
 * with one it becomes a schedule that deploys at a time or on a cron expression.
 */

/** The body of `POST /api/apps/{name}/deployments`. */
export interface DeployRequest {
  version: string;
  instances?: number;
  schedule?: { at: string } | { cron: string; zone: string; durationSeconds?: number; until?: string };
}

export async function listDeployments(app: string, signal?: AbortSignal): Promise<DeploymentView[]> {
  return normalize.deployments(await api<DeploymentView[]>(`${appPath(app)}/deployments`, { signal }));
}

/** Deploys now (the answer is the deployment) or schedules (the answer is the schedule). */
export function deploy(app: string, request: DeployRequest): Promise<DeploymentView | ScheduleView> {
  return api<DeploymentView | ScheduleView>(`${appPath(app)}/deployments`, { method: 'POST', body: request });
}

/** Stops a deployment: every instance is stopped and the app's link stops answering. */
export async function stopDeployment(app: string, deploymentId: string): Promise<void> {
  await api(`${appPath(app)}/deployments/${encodeURIComponent(deploymentId)}`, { method: 'DELETE' });
}

export async function listSchedules(app: string, signal?: AbortSignal): Promise<ScheduleView[]> {
  return normalize.schedules(await api<ScheduleView[]>(`${appPath(app)}/schedules`, { signal }));
}

/** Cancels a schedule; what it started keeps running. Answers the platform's sentence, if any. */
export async function cancelSchedule(app: string, scheduleId: string): Promise<string | null> {
  const answer = await api<{ message?: string } | null>(`${appPath(app)}/schedules/${encodeURIComponent(scheduleId)}`, {
    method: 'DELETE',
  });
  return answer?.message ?? null;
}
