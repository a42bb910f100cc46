import type { ActionMessage } from '../hooks/useAction';

/** The last action's message, green when it worked and red when it failed. */
export function ActionResult({ message }: { readonly message: ActionMessage | null }) {
  if (!message) return null;
  return <p className={`note ${message.ok ? 'note--ok' : 'note--error'}`}>{message.text}</p>;
}
