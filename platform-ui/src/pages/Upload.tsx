import { useEffect, useRef, useState, type DragEvent, type FormEvent } from 'react';
import { ApiError, describe, type Problem } from '../api/http';
import { uploadPackage, type UploadHandle } from '../api/apps';
import type { VersionView } from '../api/types';
import { announce } from '../components/announce';
import { Page } from '../components/Page';
import { ProblemList } from '../components/ProblemList';
import { bytes, plural } from '../format';
import { href } from '../router';

type Phase =
  | { readonly kind: 'idle' }
  | { readonly kind: 'sending'; readonly sent: number }
  | { readonly kind: 'done'; readonly version: VersionView }
  | { readonly kind: 'invalid'; readonly message: string; readonly problems: readonly Problem[] }
  | { readonly kind: 'failed'; readonly message: string };

/** Upload a package by choosing or dropping a zip, with progress and the validation report. */
export function Upload() {
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const handle = useRef<UploadHandle | null>(null);
  const result = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => () => handle.current?.abort(), []);

  useEffect(() => {
    if (phase.kind === 'done' || phase.kind === 'invalid' || phase.kind === 'failed') result.current?.focus();
  }, [phase.kind]);

  const choose = (chosen: File | null) => {
    setPhase({ kind: 'idle' });
    if (!chosen) {
      setFile(null);
      return;
    }
    if (!chosen.name.toLowerCase().endsWith('.zip')) {
      setFile(null);
      setFileError(`${chosen.name} is not a zip file. A package is a .zip with plinth.yaml at its root.`);
      return;
    }
    setFileError(null);
    setFile(chosen);
    announce(`${chosen.name} chosen, ${bytes(chosen.size)}.`);
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    if (phase.kind === 'sending') return;
    const dropped = event.dataTransfer.files;
    if (dropped.length > 1) {
      setFileError('Drop one package at a time.');
      return;
    }
    choose(dropped[0] ?? null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) {
      setFileError('Choose a package first.');
      input.current?.focus();
      return;
    }
    setPhase({ kind: 'sending', sent: 0 });
    const upload = uploadPackage(file, (sent) => setPhase({ kind: 'sending', sent }));
    handle.current = upload;
    try {
      const version = await upload.done;
      setPhase({ kind: 'done', version });
      announce(`Version ${version.version} of ${version.app} is uploaded.`);
      setFile(null);
      if (input.current) input.current.value = '';
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') {
        setPhase({ kind: 'failed', message: 'The upload was cancelled.' });
      } else if (e instanceof ApiError && e.status === 422) {
        setPhase({ kind: 'invalid', message: e.message, problems: e.problems });
        announce(`The package was refused: ${plural(e.problems.length, 'problem')} found.`);
      } else if (e instanceof ApiError && e.status === 413) {
        setPhase({ kind: 'failed', message: `The package is too large. ${e.message}` });
      } else {
        setPhase({ kind: 'failed', message: describe(e) });
      }
    } finally {
      handle.current = null;
    }
  };

  const sending = phase.kind === 'sending';
  const percent = sending ? Math.round(phase.sent * 100) : 0;

  return (
    <Page
      title="Upload an app"
      lead={
        <>
          A package is a zip with <code>plinth.yaml</code> at its root, as described in the{' '}
          <a href={href('/contract')}>app developer contract</a>. Uploading a new version of a running app does not
          deploy it; you choose when.
        </>
      }
    >
      <form className="form" onSubmit={submit} noValidate>
        <div
          className={`dropzone${dragging ? ' dropzone--over' : ''}${fileError ? ' dropzone--error' : ''}`}
          onDragEnter={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragOver={(e) => {
            e.preventDefault();
            e.dataTransfer.dropEffect = 'copy';
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          data-testid="dropzone"
        >
          <span className="dropzone__icon" aria-hidden="true">
            ⇪
          </span>
          <label htmlFor="package-file" className="dropzone__label">
            Choose a package (.zip)
          </label>
          <input
            ref={input}
            id="package-file"
            name="package"
            type="file"
            accept=".zip,application/zip"
            disabled={sending}
            aria-describedby={`package-hint${fileError ? ' package-error' : ''}`}
            aria-invalid={fileError ? true : undefined}
            onChange={(e) => choose(e.target.files?.[0] ?? null)}
          />
          <p id="package-hint" className="hint">
            or drag and drop it onto this area.
          </p>
          {file && (
            <p className="dropzone__file">
              Ready: <strong>{file.name}</strong> ({bytes(file.size)})
            </p>
          )}
          {fileError && (
            <p id="package-error" className="field-error" role="alert">
              {fileError}
            </p>
          )}
        </div>
        <div className="actions">
          <button type="submit" className="button" disabled={sending || !file}>
            {sending ? 'Uploading…' : 'Upload'}
          </button>
          {sending && (
            <button type="button" className="button button--secondary" onClick={() => handle.current?.abort()}>
              Cancel
            </button>
          )}
        </div>
      </form>

      {sending && (
        <div className="upload-progress" aria-live="polite">
          <label htmlFor="upload-progress">{percent < 100 ? `Uploading… ${percent}%` : 'Sent. The platform is checking the package…'}</label>
          <progress id="upload-progress" max={100} value={percent} />
        </div>
      )}

      {phase.kind === 'done' && (
        <div className="result result--ok" tabIndex={-1} ref={result}>
          <p className="state__title">
            Version {phase.version.version} of {phase.version.app} is uploaded.
          </p>
          <p>It passed every check. Deploy it from the app's page.</p>
          <a className="button" href={href(`/apps/${encodeURIComponent(phase.version.app)}`)}>
            Go to {phase.version.app}
          </a>
        </div>
      )}

      {phase.kind === 'invalid' && (
        <section className="result result--bad report" aria-labelledby="report-heading" tabIndex={-1} ref={result}>
          <h2 id="report-heading">
            The package was refused: {plural(phase.problems.length, 'problem')} found
          </h2>
          <p>{phase.message}</p>
          <p>Nothing was stored. Fix these and upload again:</p>
          <ProblemList problems={phase.problems} />
        </section>
      )}

      {phase.kind === 'failed' && (
        <div className="result result--bad" role="alert" tabIndex={-1} ref={result}>
          <p className="state__title">The upload did not go through.</p>
          <p>{phase.message}</p>
        </div>
      )}
    </Page>
  );
}
