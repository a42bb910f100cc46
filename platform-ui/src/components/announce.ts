/**
 * Screen-reader announcements of status changes that happen without focus moving (an action's
 * result, a live change): written into the polite live region the layout renders.
 */
export const ANNOUNCER_ID = 'plinth-announcer';

export function announce(message: string): void {
  const region = document.getElementById(ANNOUNCER_ID);
  if (!region) return;
  // Clearing first makes a repeated message be read again.
  region.textContent = '';
  window.setTimeout(() => {
    region.textContent = message;
  }, 50);
}
