import { useEffect, useState } from 'react';
import { describe } from '../api/http';
import { changeUser, getRegistrationSetting, listUsers, setRegistrationOpen, type RegistrationSetting, type UserChange } from '../api/users';
import type { UserView } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { ActionResult } from '../components/ActionResult';
import { Async, LastUpdated } from '../components/Async';
import { Page } from '../components/Page';
import { StatusBadge } from '../components/StatusBadge';
import { useAction } from '../hooks/useAction';
import { usePolling } from '../hooks/usePolling';

export const USERS_POLL_MS = 10000;

/** Self-registration on or off; the choice is kept by the platform, so every gateway follows it. */
export function RegistrationSwitch() {
  const [state, setState] = useState<RegistrationSetting | null>(null);
  const [error, setError] = useState<string | null>(null);
  const action = useAction();

  useEffect(() => {
    const controller = new AbortController();
    getRegistrationSetting(controller.signal)
      .then(setState)
      .catch((e) => {
        if (!controller.signal.aborted) setError(`Could not read whether registration is open: ${describe(e)}`);
      });
    return () => controller.abort();
  }, []);

  const toggle = (open: boolean) =>
    void action.run(() => setRegistrationOpen(open), {
      done: (next) => (next.open ? 'Registration is open.' : 'Registration is closed.'),
      failed: 'Could not switch registration',
      onDone: setState,
    });

  return (
    <section className="card registration-switch" aria-labelledby="registration-heading">
      <h2 id="registration-heading">Self-registration</h2>
      {state && (
        <p>
          {state.open
            ? 'Open: anyone who reaches the platform can create a developer account.'
            : 'Closed: the platform refuses new accounts; people ask an admin instead.'}
          {state.changedBy && ` Last switched by ${state.changedBy}.`}
        </p>
      )}
      {error && <p className="note note--error">{error}</p>}
      <ActionResult message={action.message} />
      {state && (
        <button type="button" className={`button button--small ${state.open ? 'button--danger' : 'button--secondary'}`}
          disabled={action.busy} onClick={() => toggle(!state.open)}>
          {state.open ? 'Close registration' : 'Open registration'}
        </button>
      )}
    </section>
  );
}

/** People on the platform: disable and enable them, grant and revoke admin. */
export function Users() {
  const { user: me } = useAuth();
  const users = usePolling(listUsers, USERS_POLL_MS);
  const action = useAction();

  const act = (u: UserView, change: UserChange, done: string, confirm?: string) => {
    if (confirm && !window.confirm(confirm)) return;
    void action.run(() => changeUser(u.username, change), {
      key: u.username,
      done,
      failed: `Could not change ${u.username}`,
      onDone: users.reload,
    });
  };

  return (
    <Page title="Users" lead="Developers and admins. A disabled user cannot sign in, and their sessions end within seconds.">
      <RegistrationSwitch />
      <ActionResult message={action.message} />
      <Async polled={users} what="the users" isEmpty={(list) => list.length === 0} empty={<p>No users.</p>}>
        {(list) => (
          <>
            <div className="table-wrap">
              <table className="table">
                <caption className="visually-hidden">Users</caption>
                <thead>
                  <tr>
                    <th scope="col">User</th>
                    <th scope="col">Roles</th>
                    <th scope="col">Account</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((u) => {
                    const admin = u.roles.includes('ADMIN');
                    const self = u.username === me?.username;
                    return (
                      <tr key={u.username}>
                        <th scope="row">
                          {u.username}
                          {self && ' (you)'}
                          {(u.name || u.email) && <span className="cell-sub">{[u.name, u.email].filter(Boolean).join(' · ')}</span>}
                        </th>
                        <td>{u.roles.length ? u.roles.map((r) => r.toLowerCase()).join(', ') : <span className="muted">none</span>}</td>
                        <td>{u.disabled ? <StatusBadge state="DISABLED" /> : <StatusBadge state="ACTIVE" />}</td>
                        <td className="row-actions">
                          {!self &&
                            (u.disabled ? (
                              <button type="button" className="button button--secondary button--small" disabled={action.isBusy(u.username)}
                                onClick={() => act(u, 'enable', `${u.username} is enabled.`)}>
                                Enable<span className="visually-hidden"> {u.username}</span>
                              </button>
                            ) : (
                              <button type="button" className="button button--danger button--small" disabled={action.isBusy(u.username)}
                                onClick={() => act(u, 'disable', `${u.username} is disabled.`, `Disable ${u.username}? They are signed out and cannot sign in.`)}>
                                Disable<span className="visually-hidden"> {u.username}</span>
                              </button>
                            ))}
                          {admin ? (
                            <button type="button" className="button button--secondary button--small" disabled={action.isBusy(u.username)}
                              onClick={() => act(u, 'revoke-admin', `${u.username} is no longer an admin.`, `Revoke admin from ${u.username}?`)}>
                              Revoke admin<span className="visually-hidden"> from {u.username}</span>
                            </button>
                          ) : (
                            <button type="button" className="button button--secondary button--small" disabled={action.isBusy(u.username)}
                              onClick={() => act(u, 'grant-admin', `${u.username} is an admin now.`, `Make ${u.username} an admin? Admins manage nodes, sensors and people.`)}>
                              Grant admin<span className="visually-hidden"> to {u.username}</span>
                            </button>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            <LastUpdated at={users.updatedAt} />
          </>
        )}
      </Async>
    </Page>
  );
}
