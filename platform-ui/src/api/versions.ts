import { api } from './http';
import { list } from './normalize';
import { appPath } from './apps';
import type { VersionView } from './types';

/** An app's uploaded versions (app-controller), newest first. Uploading one is in `apps.ts`. */
export async function listVersions(app: string, signal?: AbortSignal): Promise<VersionView[]> {
  return list(await api<VersionView[]>(`${appPath(app)}/versions`, { signal }));
}
