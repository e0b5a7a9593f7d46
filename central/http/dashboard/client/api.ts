import { byId, h } from './dom.ts';

// Talking to Central: reads (the viewer cookie, if any, goes along by itself) and operator
// commands with the admin token, which stays in this tab's sessionStorage only.

const TOKEN_KEY = 'evc.adminToken';

export function toast(text: string, isError = false): void {
  const node = h('div', { class: `toast${isError ? ' toast-error' : ''}`, role: isError ? 'alert' : 'status' }, text);
  byId('toasts').append(node);
  setTimeout(() => node.remove(), isError ? 6000 : 3000);
}

export const hasAdminToken = (): boolean => Boolean(sessionStorage.getItem(TOKEN_KEY));

export function renderTokenButton(): void {
  const button = byId('token-button');
  button.classList.toggle('has-token', hasAdminToken());
  button.textContent = hasAdminToken() ? 'Token set' : 'Admin token';
}

/** The admin-token dialog; resolves with the token typed, or undefined when cancelled. */
export function askToken(): Promise<string | undefined> {
  return new Promise((resolve) => {
    const dialog = byId<HTMLDialogElement>('token-dialog');
    const input = byId<HTMLInputElement>('token-input');
    input.value = '';
    const onClose = () => {
      dialog.removeEventListener('close', onClose);
      const token = dialog.returnValue === 'save' ? input.value.trim() : '';
      if (token) sessionStorage.setItem(TOKEN_KEY, token);
      renderTokenButton();
      resolve(token || undefined);
    };
    dialog.addEventListener('close', onClose);
    dialog.returnValue = '';
    dialog.showModal();
  });
}

export function forgetToken(): void {
  sessionStorage.removeItem(TOKEN_KEY);
  renderTokenButton();
}

/** A confirmation in the page's own dialog (not window.confirm, which a phone renders poorly). */
export function confirmAction(title: string, text: string, confirmLabel: string): Promise<boolean> {
  return new Promise((resolve) => {
    const dialog = byId<HTMLDialogElement>('confirm-dialog');
    byId('confirm-title').textContent = title;
    byId('confirm-text').textContent = text;
    byId('confirm-ok').textContent = confirmLabel;
    const onClose = () => {
      dialog.removeEventListener('close', onClose);
      resolve(dialog.returnValue === 'ok');
    };
    dialog.addEventListener('close', onClose);
    dialog.returnValue = '';
    dialog.showModal();
  });
}

/** GET JSON; a 401 means the viewer cookie is gone, so the page reloads to ask for the token. */
export async function readJson<T>(path: string): Promise<T> {
  const response = await fetch(path, { cache: 'no-store' });
  if (response.status === 401) {
    location.reload();
    throw new Error('viewer token needed');
  }
  if (!response.ok) throw new Error(((await response.json().catch(() => ({}))) as { message?: string }).message ?? `${path}: ${response.status}`);
  return (await response.json()) as T;
}

export interface AdminCommandOptions {
  /** A toast once it is done. */
  done?: string;
  /** A JSON body. */
  body?: object;
  /** Also shows a refusal where the operator acted (a toast always shows it). */
  onError?: (message: string) => void;
}

/**
 * An operator command with the admin token (asked for when missing). A wrong token is
 * forgotten, said so, and asked for once more; the viewer token is forgotten and Central's
 * "it can only look" shown; nothing else is retried. Resolves with the answer's JSON body,
 * or undefined when it did not happen.
 */
export async function adminCommand(method: 'POST' | 'DELETE', path: string, options: AdminCommandOptions = {}, retried = false): Promise<unknown> {
  const token = sessionStorage.getItem(TOKEN_KEY) ?? (await askToken());
  if (!token) return undefined;
  const refused = (message: string): undefined => {
    toast(message, true);
    options.onError?.(message);
    return undefined;
  };
  let response: Response;
  try {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (options.body) headers['content-type'] = 'application/json';
    response = await fetch(path, { method, headers, ...(options.body ? { body: JSON.stringify(options.body) } : {}) });
  } catch {
    return refused('Central is not reachable; nothing was changed');
  }
  const body = (await response.json().catch(() => ({}))) as { error?: string; message?: string };
  if (response.ok) {
    if (options.done) toast(options.done);
    return body;
  }
  if (response.status === 401) {
    forgetToken();
    refused('Wrong admin token; nothing was changed');
    return retried ? undefined : adminCommand(method, path, options, true);
  }
  if (body.error === 'viewer_token') forgetToken();
  return refused(body.message ?? `Request failed (${response.status}); nothing was changed`);
}
