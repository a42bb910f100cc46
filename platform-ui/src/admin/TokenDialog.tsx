import { useRef, useState } from 'react';
import { Modal } from '../components/Modal';

async function copyText(text: string, field: HTMLInputElement | null): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Fall back to selecting the text below.
  }
  if (field) {
    field.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    }
  }
  return false;
}

/**
 * Shows a new device's token, the only time it is ever shown: the platform keeps only its hash.
 * The dialog closes only after the admin confirms they saved it.
 */
export function TokenDialog({ device, token, onClose }: { readonly device: string; readonly token: string; readonly onClose: () => void }) {
  const [copied, setCopied] = useState<'no' | 'yes' | 'failed'>('no');
  const [saved, setSaved] = useState(false);
  const field = useRef<HTMLInputElement>(null);

  return (
    <Modal title={`Token of ${device}`} initialFocus="#device-token">
      <p className="warning" id="token-warning">
        <strong>Copy this token now. It is shown only once:</strong> Plinth keeps only a fingerprint of it and cannot show it
        again. If it is lost, register the device anew.
      </p>
      <div className="field">
        <label htmlFor="device-token">Device token</label>
        <div className="inline">
          <input
            id="device-token"
            ref={field}
            className="token"
            readOnly
            value={token}
            aria-describedby="token-warning token-use"
            onFocus={(e) => e.target.select()}
          />
          <button
            type="button"
            className="button"
            onClick={async () => setCopied((await copyText(token, field.current)) ? 'yes' : 'failed')}
          >
            Copy
          </button>
        </div>
        <p id="token-use" className="hint">
          The device signs in with its id <code>{device}</code> as username and this token as password (MQTT), or sends it as{' '}
          <code>Authorization: Bearer …</code> (HTTP).
        </p>
        <p role="status" className="small">
          {copied === 'yes' ? 'Copied to the clipboard.' : copied === 'failed' ? 'Copying failed: select the token and copy it by hand.' : ''}
        </p>
      </div>
      <label className="choice">
        <input type="checkbox" checked={saved} onChange={(e) => setSaved(e.target.checked)} /> I have saved the token somewhere safe
      </label>
      <div className="actions">
        <button type="button" className="button" disabled={!saved} onClick={onClose}>
          Done
        </button>
      </div>
    </Modal>
  );
}
