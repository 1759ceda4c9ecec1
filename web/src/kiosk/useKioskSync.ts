// The kiosk page's view of its queue: counts kept current (this tab and others), and the sync loop running
// while the page is open. The loop itself is sync.ts; the storage is queue.ts.
import { useCallback, useEffect, useRef, useState } from "react";
import { countItems, onQueueChange, purgeOldSent, type QueueCounts } from "./queue";
import { SyncLoop } from "./sync";

export interface KioskSync {
  counts: QueueCounts | null;
  syncing: boolean;
  online: boolean;
  /** Sends what is waiting now, e.g. right after a response was queued or when the operator asks. */
  syncNow: () => void;
}

export function useKioskSync(): KioskSync {
  const [counts, setCounts] = useState<QueueCounts | null>(null);
  const [syncing, setSyncing] = useState(false);
  const [online, setOnline] = useState(() => navigator.onLine);
  const loop = useRef<SyncLoop | null>(null);

  useEffect(() => {
    let live = true;
    const refresh = () => {
      countItems().then(
        (c) => live && setCounts(c),
        () => undefined, // storage refused: the bar keeps its last counts
      );
    };
    const stopListening = onQueueChange(refresh);
    const showOnline = () => setOnline(navigator.onLine);
    addEventListener("online", showOnline);
    addEventListener("offline", showOnline);
    const l = new SyncLoop((running) => {
      if (live) setSyncing(running);
    });
    loop.current = l;
    void purgeOldSent().catch(() => 0);
    refresh();
    l.start();
    return () => {
      live = false;
      l.stop();
      stopListening();
      removeEventListener("online", showOnline);
      removeEventListener("offline", showOnline);
    };
  }, []);

  const syncNow = useCallback(() => {
    void loop.current?.now();
  }, []);

  return { counts, syncing, online, syncNow };
}
