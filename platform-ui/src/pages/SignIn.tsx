import { useRef, useState, type FormEvent } from 'react';
import { ApiError, describe } from '../api/http';
import { useAuth } from '../auth/AuthContext';
import { Page } from '../components/Page';
import { href, useRoute } from '../router';

/** Sign in with a directory account; the platform sets the session cookie. */
export function SignIn() {
  const { signIn } = useAuth();
  const route = useRoute();
  const expired = route.params.get('expired') === '1';
  const registered = route.params.get('registered');
  const [username, setUsername] = useState(registered ?? '');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const errorRef = useRef<HTMLDivElement>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!username.trim() || !password) {
      setError('Enter your username and password.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      // The router leaves this page once the session is known.
      await signIn(username.trim(), password);
    } catch (e) {
      let message = describe(e);
      if (e instanceof ApiError && e.status === 401) message = 'Wrong username or password.';
      setError(message);
      setBusy(false);
      setTimeout(() => errorRef.current?.focus(), 0);
    }
  };

  return (
    <Page title="Sign in" lead="Sign in with your Plinth account to upload, deploy and watch your apps.">
      <div className="narrow">
        {expired && (
          <p className="note note--warn" role="status">
            Your session has ended. Sign in again to continue.
          </p>
        )}
        <form className="form card" onSubmit={submit} noValidate aria-describedby={error ? 'signin-error' : undefined}>
          {error && (
            <div id="signin-error" className="form-error" role="alert" tabIndex={-1} ref={errorRef}>
              {error}
            </div>
          )}
          <div className="field">
            <label htmlFor="signin-username">Username</label>
            <input
              id="signin-username"
              name="username"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              required
            />
          </div>
          <div className="field">
            <label htmlFor="signin-password">Password</label>
            <input
              id="signin-password"
              name="password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              required
            />
          </div>
          <button type="submit" className="button" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
        <p>
          New to Plinth? <a href={href('/register')}>Create a developer account</a>. Or read the{' '}
          <a href={href('/contract')}>app developer contract</a> first.
        </p>
      </div>
    </Page>
  );
}
