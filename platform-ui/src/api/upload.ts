import { errorOf, refreshSession, sessionExpired } from './http';
import type { VersionView } from './types';

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
      xhr.open('POST', '/api/apps');
      xhr.withCredentials = true;
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
      };
      xhr.upload.onload = () => onProgress(1);
      xhr.onload = () => {
        let body: unknown = null;
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
