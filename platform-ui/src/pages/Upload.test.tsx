import { fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Upload } from './Upload';

/** An XMLHttpRequest stand-in: records the request, and the test decides the progress and answer. */
class FakeXhr {
  static last: FakeXhr | null = null;
  upload: { onprogress: ((e: ProgressEvent) => void) | null; onload: (() => void) | null } = { onprogress: null, onload: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  status = 0;
  responseText = '';
  withCredentials = false;
  method = '';
  url = '';
  sent: FormData | null = null;

  constructor() {
    FakeXhr.last = this;
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader() {}
  send(body: FormData) {
    this.sent = body;
  }
  abort() {
    this.onabort?.();
  }
  progress(loaded: number, total: number) {
    this.upload.onprogress?.({ lengthComputable: true, loaded, total } as ProgressEvent);
  }
  answer(status: number, body: unknown) {
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.onload?.();
  }
}

function choose(name = 'hello-http-1.0.0.zip') {
  const file = new File(['PK'], name, { type: 'application/zip' });
  fireEvent.change(screen.getByLabelText('Choose a package (.zip)'), { target: { files: [file] } });
  return file;
}

describe('Upload', () => {
  afterEach(() => {
    FakeXhr.last = null;
  });

  it('sends the chosen zip as the multipart field "package" and shows the progress', async () => {
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    render(<Upload />);
    const file = choose();
    expect(screen.getByText(/Ready:/)).toHaveTextContent('hello-http-1.0.0.zip');
    fireEvent.click(screen.getByRole('button', { name: 'Upload' }));

    const xhr = FakeXhr.last!;
    expect(xhr.method).toBe('POST');
    expect(xhr.url).toBe('/api/apps');
    expect(xhr.sent?.get('package')).toStrictEqual(file);

    xhr.progress(50, 100);
    expect(await screen.findByText('Uploading… 50%')).toBeInTheDocument();
    expect(screen.getByRole('progressbar')).toHaveAttribute('value', '50');

    xhr.progress(100, 100);
    expect(await screen.findByText('Sent. The platform is checking the package…')).toBeInTheDocument();

    xhr.answer(201, { app: 'hello-http', version: '1.0.0' });
    expect(await screen.findByText('Version 1.0.0 of hello-http is uploaded.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Go to hello-http' })).toHaveAttribute('href', '#/apps/hello-http');
  });

  it('shows every problem of the validation report (422)', async () => {
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    render(<Upload />);
    choose();
    fireEvent.click(screen.getByRole('button', { name: 'Upload' }));
    FakeXhr.last!.answer(422, {
      status: 422,
      error: 'Unprocessable Entity',
      message: 'the package has 2 problem(s)',
      problems: [
        { path: 'plinth.yaml/version', message: 'is required' },
        { path: 'plinth.yaml/sensors/speed/type', message: "no sensor type 'speedo' exists" },
      ],
    });
    const report = await screen.findByRole('region', { name: /The package was refused/ });
    expect(within(report).getByRole('heading')).toHaveTextContent('The package was refused: 2 problems found');
    expect(report).toHaveTextContent('the package has 2 problem(s)');
    const items = within(report).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent('plinth.yaml/version is required');
    expect(items[1]).toHaveTextContent("no sensor type 'speedo' exists");
    expect(report).toHaveFocus();
  });

  it('explains other refusals, such as a version that exists', async () => {
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    render(<Upload />);
    choose();
    fireEvent.click(screen.getByRole('button', { name: 'Upload' }));
    FakeXhr.last!.answer(409, { status: 409, message: 'version 1.0.0 of hello-http exists; raise the version' });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The upload did not go through.');
    expect(alert).toHaveTextContent('version 1.0.0 of hello-http exists');
  });

  it('refuses a file that is not a zip before sending it', () => {
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    render(<Upload />);
    choose('notes.txt');
    expect(screen.getByRole('alert')).toHaveTextContent('notes.txt is not a zip file');
    expect(screen.getByRole('button', { name: 'Upload' })).toBeDisabled();
    expect(FakeXhr.last).toBeNull();
  });

  it('takes a package dropped onto the drop zone', () => {
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    render(<Upload />);
    const file = new File(['PK'], 'dropped.zip', { type: 'application/zip' });
    fireEvent.drop(screen.getByTestId('dropzone'), { dataTransfer: { files: [file] } });
    expect(screen.getByText(/Ready:/)).toHaveTextContent('dropped.zip');
    expect(screen.getByRole('button', { name: 'Upload' })).toBeEnabled();
  });
});
