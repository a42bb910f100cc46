/** The app developer contract (app-controller): plain downloads, so pages link to them. */

export const CONTRACT_URL = '/api/contract';

/** One file of the contract: `guide.md`, `schema.json` or `example.zip`. */
export function contractFileUrl(file: string): string {
  return `${CONTRACT_URL}/${encodeURIComponent(file)}`;
}
