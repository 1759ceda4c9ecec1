// Asks the server whether a slip is still good for a unit before the questionnaire, for the fill page and the kiosk.
// Advice only: a slip that cannot be checked (offline, slow, server trouble) lets the person start; submitting decides.
import { useEffect, useState } from "react";
import { checkSlip, type SlipState } from "../api";
import { isSlipCode } from "./slipCode";

/** "unreachable": no answer in time, or none the page understands; the person may start all the same. */
export type SlipCheck = SlipState | "unreachable";

// On a station's weak signal a check must not hold the person at the door for long.
const checkTimeoutMs = 8000;

export async function checkSlipState(waveId: string, unitId: string, token: string): Promise<SlipCheck> {
  // A code of the wrong shape was never issued: no need to ask.
  if (!isSlipCode(token)) return "unknown";
  const res = await checkSlip(waveId, unitId, token, AbortSignal.timeout(checkTimeoutMs));
  return res.ok ? res.data.state : "unreachable";
}

/** The check of the link's slip for the chosen unit: "checking" while asked, null without a slip or a unit. */
export function useSlipCheck(
  waveId: string,
  unitId: string | null,
  token: string | undefined,
): SlipCheck | "checking" | null {
  const [result, setResult] = useState<{ key: string; state: SlipCheck } | null>(null);
  const key = unitId && token ? `${waveId}\u0000${unitId}\u0000${token}` : null;
  useEffect(() => {
    if (!unitId || !token) return;
    let live = true;
    const asked = `${waveId}\u0000${unitId}\u0000${token}`;
    checkSlipState(waveId, unitId, token).then((state) => {
      if (live) setResult({ key: asked, state });
    });
    return () => {
      live = false;
    };
  }, [waveId, unitId, token]);
  if (key === null) return null;
  return result?.key === key ? result.state : "checking";
}
