import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { logIn, logOut, whoAmI } from '../api/auth';
import { onSessionExpired } from '../api/http';
import type { Me } from '../api/types';

export type AuthState =
  | { readonly phase: 'checking' }
  | { readonly phase: 'signed-out'; readonly expired: boolean }
  | { readonly phase: 'signed-in'; readonly user: Me }
  | { readonly phase: 'error'; readonly message: string };

export interface Auth {
  readonly state: AuthState;
  readonly user: Me | null;
  readonly isAdmin: boolean;
  signIn(username: string, password: string): Promise<Me>;
  signOut(): Promise<void>;
  /** Asks the platform again who is signed in (after an error, or a role change). */
  recheck(): void;
}

const AuthContext = createContext<Auth | null>(null);

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth is used outside <AuthProvider>');
  return auth;
}

/** Knows who is signed in: asks `GET /api/auth/me` at start, and hears of ended sessions. */
export function AuthProvider({ children }: { readonly children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ phase: 'checking' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    whoAmI(controller.signal).then(
      (user) => setState({ phase: 'signed-in', user }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const status = (error as { status?: number }).status;
        if (status === 401 || status === 403) setState({ phase: 'signed-out', expired: false });
        else setState({ phase: 'error', message: (error as Error).message });
      },
    );
    return () => controller.abort();
  }, [attempt]);

  useEffect(
    () =>
      onSessionExpired(() =>
        setState((current) => (current.phase === 'signed-out' ? current : { phase: 'signed-out', expired: true })),
      ),
    [],
  );

  const signIn = useCallback(async (username: string, password: string) => {
    const user = await logIn(username, password);
    setState({ phase: 'signed-in', user });
    return user;
  }, []);

  const signOut = useCallback(async () => {
    try {
      await logOut();
    } finally {
      setState({ phase: 'signed-out', expired: false });
    }
  }, []);

  const recheck = useCallback(() => {
    setState({ phase: 'checking' });
    setAttempt((n) => n + 1);
  }, []);

  const value = useMemo<Auth>(() => {
    const user = state.phase === 'signed-in' ? state.user : null;
    return {
      state,
      user,
      isAdmin: !!user?.roles.includes('ADMIN'),
      signIn,
      signOut,
      recheck,
    };
  }, [state, signIn, signOut, recheck]);

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
