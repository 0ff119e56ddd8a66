/**
 * A one-bit hint in localStorage that the outbox holds reports, so that a
 * page load pays for the outbox's code and IndexedDB only when there is
 * something to send. It lives in the launcher's chunk; the outbox itself
 * loads lazily. The outbox sets it after writing a report and clears it
 * only when a re-read after clearing finds nothing, so a report another tab
 * writes meanwhile is never left without it.
 */

export const PENDING_HINT_KEY = 'hypercare:outbox';

/**
 * Whether some tab left reports waiting. True when localStorage cannot say
 * (it throws where storage is disabled), since IndexedDB may still work.
 */
export function hasPendingHint(): boolean {
  try {
    return localStorage.getItem(PENDING_HINT_KEY) !== null;
  } catch {
    return true;
  }
}

export function setPendingHint(pending: boolean): void {
  try {
    if (pending) localStorage.setItem(PENDING_HINT_KEY, '1');
    else localStorage.removeItem(PENDING_HINT_KEY);
  } catch {
    // Storage is off; the outbox then holds reports only in memory anyway.
  }
}
