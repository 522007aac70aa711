/**
 * The signed-in session: tokens from the REST login, the access token
 * refreshed a minute before it expires, and signing out when the server
 * says 401. Kept in sessionStorage so a reload stays signed in.
 */
export interface Session {
  accessToken: string;
  refreshToken: string;
  user: { id: string; username: string; display_name?: string };
}

const KEY = "board.session";
const REFRESH_EARLY_MS = 60_000;
type Listener = (session: Session | null) => void;

let current: Session | null = JSON.parse(sessionStorage.getItem(KEY) ?? "null") as Session | null;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;
const listeners = new Set<Listener>();

export const session = () => current;
export const accessToken = () => current?.accessToken ?? null;

export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

function expiresAt(token: string): number {
  const payload = JSON.parse(atob(token.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/"))) as { exp: number };
  return payload.exp * 1000;
}

function set(next: Session | null) {
  current = next;
  clearTimeout(refreshTimer);
  if (next) {
    sessionStorage.setItem(KEY, JSON.stringify(next));
    const left = expiresAt(next.accessToken) - Date.now();
    // A minute early, or a quarter of the lifetime left when tokens live shorter than that.
    refreshTimer = setTimeout(() => void refresh(), Math.max(0, left - Math.min(REFRESH_EARLY_MS, left / 4)));
  } else {
    sessionStorage.removeItem(KEY);
  }
  for (const listener of listeners) listener(next);
}

async function post(path: string, body: unknown) {
  const response = await fetch(`/api/v1${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const json = (await response.json()) as { data?: Record<string, any>; error?: { message: string } };
  if (!response.ok || !json.data) throw new Error(json.error?.message ?? `HTTP ${response.status}`);
  return json.data;
}

export async function signIn(email: string, password: string): Promise<void> {
  const data = await post("/auth/login", { email, password });
  set({ accessToken: data.access_token, refreshToken: data.refresh_token, user: data.user });
}

async function refresh(): Promise<void> {
  if (!current) return;
  try {
    const data = await post("/auth/refresh", { refresh_token: current.refreshToken });
    set({ ...current, accessToken: data.access_token, refreshToken: data.refresh_token ?? current.refreshToken });
  } catch {
    set(null);
  }
}

export function signOut(): void {
  set(null);
}

// A session restored from storage schedules its refresh (or ends, if the token is already past).
if (current) set(current);
