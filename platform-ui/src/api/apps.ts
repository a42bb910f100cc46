import { api, errorOf, refreshSession, sessionExpired } from './http';
import { list } from './normalize';
import type { AppView, VersionView } from './types';

/** Apps (app-controller): the list, one app, and uploading a package as a new version. */

const APPS = '/api/apps';

/** The path of one app's resource; the other app-scoped resource files build on it. */
export function appPath(app: string): string {
  return `${APPS}/${encodeURIComponent(app)}`;
}

/** The caller's apps; an admin's list holds every app on the platform. */
export async function listApps(signal?: AbortSignal): Promise<AppView[]> {
  return list(await api<AppView[]>(APPS, { signal }));
}

export function getApp(app: string, signal?: AbortSignal): Promise<AppView> {
  return api<AppView>(appPath(app), { signal });
}

/** Where a deployed app is reached: through the gateway that serves this page. */
export function appLink(app: string): string {
  return `/apps/${encodeURIComponent(app)}/`;
}

export interface UploadHandle {
  readonly done: Promise<VersionView>;
  abort(): void;
}

/**
 * Uploads a package as the multipart field `package` to `POST /api/apps`. XMLHttpRequest rather
 * than fetch, because only it reports upload progress. `onProgress` gets the share sent (0 to 1);
 * once everything is sent the platform validates the package before it answers.
 */
export function uploadPackage(file: File, onProgress: (sent: number) => void): UploadHandle {
  let current: XMLHttpRequest | null = null;
  let aborted = false;

  const attempt = () =>
    new Promise<{ status: number; body: unknown }>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      current = xhr;
      xhr.open('POST', APPS);
      xhr.withCredentials = true;
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
      };
      xhr.upload.onload = () => onProgress(1);
      xhr.onload = () => {
        let body: unknown;
        try {
          body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
        } catch {
          body = xhr.responseText;
        }
        resolve({ status: xhr.status, body });
      };
      xhr.onerror = () => reject(errorOf(0, null));
      xhr.onabort = () => reject(new DOMException('The upload was cancelled.', 'AbortError'));
      const form = new FormData();
      form.append('package', file, file.name);
      xhr.send(form);
    });

  const done = (async () => {
    let answer = await attempt();
    if (answer.status === 401 && !aborted) {
      if (await refreshSession()) {
        onProgress(0);
        answer = await attempt();
      }
      if (answer.status === 401) {
        sessionExpired();
        throw errorOf(401, null);
      }
    }
    if (answer.status >= 200 && answer.status < 300) return answer.body as VersionView;
    throw errorOf(answer.status, answer.body);
  })();

  return {
    done,
    abort() {
      aborted = true;
      current?.abort();
    },
  };
}
