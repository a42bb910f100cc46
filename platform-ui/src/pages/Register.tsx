import { useEffect, useRef, useState, type FormEvent } from 'react';
import { register, registrationOpen } from '../api/auth';
import { ApiError, describe } from '../api/http';
import { useAuth } from '../auth/AuthContext';
import { Page } from '../components/Page';
import { href } from '../router';

type Field = 'username' | 'password' | 'confirm' | 'name' | 'email';
type Errors = Partial<Record<Field, string>>;

const USERNAME = /^[a-z][a-z0-9-]{1,30}[a-z0-9]$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
export const PASSWORD_MIN = 10;

/** The same rules the platform applies, checked before sending so mistakes show at once. */
export function validateRegistration(v: Record<Field, string>): Errors {
  const errors: Errors = {};
  if (!USERNAME.test(v.username)) {
    errors.username = 'Use 3 to 32 lower-case letters, digits or dashes, starting with a letter and not ending with a dash.';
  }
  if (v.password.length < PASSWORD_MIN) errors.password = `Use at least ${PASSWORD_MIN} characters.`;
  else if (v.password.length > 128) errors.password = 'Use at most 128 characters.';
  else if (v.password.toLowerCase() === v.username.toLowerCase()) errors.password = 'The password must not be the username.';
  if (v.confirm !== v.password) errors.confirm = 'The two passwords differ.';
  if (v.email.trim() && !EMAIL.test(v.email.trim())) errors.email = 'This is not an email address.';
  return errors;
}

/** Self-registration as a developer, then signing in with the new account. */
export function Register() {
  const { signIn } = useAuth();
  const [values, setValues] = useState<Record<Field, string>>({ username: '', password: '', confirm: '', name: '', email: '' });
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const summary = useRef<HTMLDivElement>(null);
  // Unknown (not asked yet, or the question failed) counts as open: the platform decides on submit anyway.
  const [closed, setClosed] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    registrationOpen(controller.signal)
      .then((open) => setClosed(!open))
      .catch(() => undefined);
    return () => controller.abort();
  }, []);

  const set = (field: Field) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [field]: e.target.value }));

  const showErrors = (found: Errors, message: string | null) => {
    setErrors(found);
    setFormError(message);
    setTimeout(() => summary.current?.focus(), 0);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = validateRegistration(values);
    if (Object.keys(found).length > 0) {
      showErrors(found, 'Please correct the fields marked below.');
      return;
    }
    setBusy(true);
    setErrors({});
    setFormError(null);
    try {
      await register({
        username: values.username,
        password: values.password,
        name: values.name.trim() || undefined,
        email: values.email.trim() || undefined,
      });
    } catch (e) {
      setBusy(false);
      if (e instanceof ApiError && e.problems.length > 0) {
        const fromServer: Errors = {};
        for (const p of e.problems) {
          const field = (['username', 'password', 'name', 'email'] as Field[]).find((f) => p.path === f);
          if (field) fromServer[field] = p.message;
        }
        showErrors(fromServer, e.message);
      } else if (e instanceof ApiError && e.status === 409) {
        showErrors({ username: e.message }, 'This username is taken.');
      } else {
        showErrors({}, describe(e));
      }
      return;
    }
    try {
      await signIn(values.username, values.password);
    } catch (e) {
      setBusy(false);
      showErrors({}, `Your account was created, but signing in failed: ${describe(e)}`);
    }
  };

  const field = (id: Field, labelText: string, props: Record<string, unknown>, hint?: string) => {
    const describedBy = [hint ? `reg-${id}-hint` : null, errors[id] ? `reg-${id}-error` : null].filter(Boolean).join(' ');
    return (
      <div className="field">
        <label htmlFor={`reg-${id}`}>{labelText}</label>
        {hint && (
          <p id={`reg-${id}-hint`} className="hint">
            {hint}
          </p>
        )}
        <input
          id={`reg-${id}`}
          name={id}
          value={values[id]}
          onChange={set(id)}
          aria-invalid={errors[id] ? true : undefined}
          aria-describedby={describedBy || undefined}
          {...props}
        />
        {errors[id] && (
          <p id={`reg-${id}-error`} className="field-error">
            {errors[id]}
          </p>
        )}
      </div>
    );
  };

  return (
    <Page title="Create a developer account" lead="Developers upload and run apps on Plinth. Admins can grant more rights later.">
      <div className="narrow">
        {closed && (
          <p className="note note--warn" role="status">
            Registration is closed on this platform; ask an admin for an account.
          </p>
        )}
        <form className="form card" onSubmit={submit} noValidate>
          {formError && (
            <div className="form-error" role="alert" tabIndex={-1} ref={summary}>
              {formError}
            </div>
          )}
          {field('username', 'Username', { autoComplete: 'username', autoCapitalize: 'none', spellCheck: false, required: true },
            '3 to 32 lower-case letters, digits or dashes, starting with a letter.')}
          {field('password', 'Password', { type: 'password', autoComplete: 'new-password', required: true },
            `At least ${PASSWORD_MIN} characters, not your username.`)}
          {field('confirm', 'Repeat the password', { type: 'password', autoComplete: 'new-password', required: true })}
          {field('name', 'Full name (optional)', { autoComplete: 'name' })}
          {field('email', 'Email (optional)', { type: 'email', autoComplete: 'email' })}
          <button type="submit" className="button" disabled={busy || closed}>
            {busy ? 'Creating your account…' : 'Create account'}
          </button>
        </form>
        <p>
          Have an account already? <a href={href('/signin')}>Sign in</a>.
        </p>
      </div>
    </Page>
  );
}
