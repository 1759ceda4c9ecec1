// The kiosk route /kiosk/:waveId: a shared tablet collects the wave on site, one person after another, with or
// without network. Loads the form (or the copy kept on the device), runs setup once, then KioskRun.
import "../fill/fill.css";
import "./kiosk.css";
import { useEffect, useState } from "react";
import { fetchWaveForm, type WaveForm } from "../api";
import { buildUnitTree, type UnitTree } from "../fill/unitTree";
import { type UnavailableReason, WaveUnavailable } from "../fill/WaveUnavailable";
import { useI18n } from "../i18n";
import { KioskRun } from "./KioskRun";
import { KioskSetup, type SetupChoice } from "./KioskSetup";
import { useKioskText } from "./messages";
import { hashPin } from "./pin";
import {
  type KioskSettings,
  loadForm,
  loadPin,
  loadSettings,
  type PinRecord,
  saveForm,
  savePin,
  saveSettings,
} from "./queue";
import { registerServiceWorker } from "./serviceWorker";

type Load =
  | { state: "loading" }
  | { state: "failed" }
  | { state: "unavailable"; reason: UnavailableReason | "notOnsite"; form: WaveForm | null }
  | {
      state: "ready";
      form: WaveForm;
      tree: UnitTree;
      offlineCopy: boolean;
      /** Not "open": a set-up kiosk of a round not open (any more); no new person, the queue stays reachable. */
      status: "scheduled" | "open" | "closed";
      settings: KioskSettings | undefined;
      pin: PinRecord | undefined;
    };

/** The wave's state by this device's clock: a copy kept offline cannot ask the server. */
function statusNow(form: WaveForm, now: number): "scheduled" | "open" | "closed" {
  if (now < Date.parse(form.wave.opensAt)) return "scheduled";
  return now >= Date.parse(form.wave.closesAt) ? "closed" : "open";
}

async function loadKiosk(waveId: string): Promise<Load> {
  const res = await fetchWaveForm(waveId);
  const copy = () => loadForm(waveId).catch(() => undefined);
  let form: WaveForm | undefined;
  let status: "scheduled" | "open" | "closed";
  let offlineCopy = false;
  if (res.ok) {
    form = res.data;
    // Offline, the service worker answers with the form as it was cached, "open" then: the clock decides too.
    status = form.wave.status === "open" ? statusNow(form, Date.now()) : form.wave.status;
    await saveForm(form, new Date()).catch(() => undefined);
  } else if (res.status === 404) {
    return { state: "unavailable", reason: "notFound", form: null };
  } else if (res.error.code === "wave_not_open_yet") {
    return { state: "unavailable", reason: "scheduled", form: null };
  } else if (res.error.code === "wave_closed") {
    // Closed, but this device may still hold its responses: with the copy, the operator can still reach them.
    form = await copy();
    if (!form) return { state: "unavailable", reason: "closed", form: null };
    status = "closed";
  } else {
    // No network or no server: the copy saved the last time this wave was opened here, judged by this clock.
    form = await copy();
    offlineCopy = true;
    if (!form) return { state: "failed" };
    status = statusNow(form, Date.now());
  }
  if (!form.wave.channels.includes("onsite")) return { state: "unavailable", reason: "notOnsite", form };
  const [settings, pin] = await Promise.all([loadSettings(waveId), loadPin()]);
  const setUp = settings !== undefined && pin !== undefined;
  if (status !== "open" && !setUp) return { state: "unavailable", reason: status, form };
  return { state: "ready", form, tree: buildUnitTree(form.units), offlineCopy, status, settings, pin };
}

export function KioskPage({ waveId }: { waveId: string }) {
  const { t, text } = useI18n();
  const k = useKioskText();
  const [load, setLoad] = useState<Load>({ state: "loading" });
  const [attempt, setAttempt] = useState(0);

  useEffect(registerServiceWorker, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is how the Retry button loads again.
  useEffect(() => {
    let live = true;
    loadKiosk(waveId).then(
      (next) => live && setLoad(next),
      () => live && setLoad({ state: "failed" }),
    );
    return () => {
      live = false;
    };
  }, [waveId, attempt]);

  const title = load.state === "ready" ? text(load.form.wave.title) : null;
  useEffect(() => {
    document.title = title ? `${title} · ${k.kioskTitle}` : k.kioskTitle;
  }, [title, k]);

  if (load.state === "loading") return <p className="notice">{t.loading}</p>;
  if (load.state === "failed") {
    return (
      <div className="notice notice-error" role="alert">
        <p>{t.loadFailed}</p>
        <button type="button" className="button" onClick={() => setAttempt((n) => n + 1)}>
          {t.retry}
        </button>
      </div>
    );
  }
  if (load.state === "unavailable") {
    if (load.reason !== "notOnsite")
      return <WaveUnavailable reason={load.reason} wave={load.form?.wave ?? null} />;
    return (
      <section className="unavailable">
        <h1>{text(load.form?.wave.title)}</h1>
        <p className="notice" role="status">
          {k.notOnsite}
        </p>
      </section>
    );
  }

  const { form, tree, settings, pin } = load;
  if (!settings || !pin) {
    const save = async (choice: SetupChoice) => {
      const nextPin = pin ?? (choice.pin ? hashPin(choice.pin) : undefined);
      if (!nextPin) throw new Error("a new device needs a PIN");
      const next = { waveId, unitId: choice.unitId, groupId: choice.groupId };
      if (!pin) await savePin(nextPin);
      await saveSettings(next);
      setLoad({ ...load, settings: next, pin: nextPin });
    };
    return <KioskSetup form={form} tree={tree} initial={null} askPin={!pin} onSave={save} />;
  }
  return (
    <KioskRun
      form={form}
      tree={tree}
      offlineCopy={load.offlineCopy}
      status={load.status}
      settings={settings}
      pin={pin}
      onSettings={async (next) => {
        await saveSettings(next);
        setLoad({ ...load, settings: next });
      }}
    />
  );
}
