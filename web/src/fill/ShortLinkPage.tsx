// /l/<code> when the server did not redirect it (an unknown code, or the Vite dev server): look the code up once
// more and go to the fill page, or say plainly that the link is not valid.
import { useEffect, useState } from "react";
import { resolveLinkCode } from "../api";
import { useI18n } from "../i18n";

export function ShortLinkPage({ code }: { code: string }) {
  const { t } = useI18n();
  const [state, setState] = useState<"looking" | "unknown" | "failed">("looking");

  useEffect(() => {
    resolveLinkCode(code).then((res) => {
      if (res.ok) {
        const query = new URLSearchParams({ unit: res.data.unitId });
        const token = new URLSearchParams(location.search).get("t");
        if (token) query.set("t", token);
        location.replace(`/s/${encodeURIComponent(res.data.waveId)}?${query}`);
        return;
      }
      setState(res.status === 404 ? "unknown" : "failed");
    });
  }, [code]);

  if (state === "looking") return <p className="notice">{t.loading}</p>;
  if (state === "failed") {
    return (
      <p className="notice notice-error" role="alert">
        {t.loadFailed}
      </p>
    );
  }
  return (
    <section aria-labelledby="link-unknown-title" data-testid="link-unknown">
      <h1 id="link-unknown-title">{t.linkUnknownTitle}</h1>
      <p>{t.linkUnknownText}</p>
      <p>
        <a href="/">{t.backHome}</a>
      </p>
    </section>
  );
}
