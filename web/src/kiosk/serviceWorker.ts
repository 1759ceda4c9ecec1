// Registers the service worker (built by vite-plugin-pwa: app shell, kiosk and SurveyJS precached, wave forms
// cached network-first) from the kiosk only, so the respondent route /s/:waveId carries none of it.
export function registerServiceWorker(): void {
  // Browsers allow service workers only in secure contexts (HTTPS, localhost). Over plain HTTP the kiosk still
  // queues offline while the page stays open, from the form copy in IndexedDB; it just cannot start offline.
  if (!("serviceWorker" in navigator) || !isSecureContext) return;
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {
    // No sw.js (the Vite dev server) or storage refused: the kiosk works online all the same.
  });
}
