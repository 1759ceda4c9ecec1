// The reminder count on the navigation's "cases" entry: how many cases within the user's reach are due within the
// reminder window and not answered yet. Nothing is shown when there are none or the count cannot be read.
import { hc } from "hono/client";
import { useEffect, useState } from "react";
import type { AppType } from "../../../server/app";
import { call } from "../api";

const client = hc<AppType>("/");

export function CasesDueBadge({ label }: { label: (n: number) => string }) {
  const [due, setDue] = useState(0);
  useEffect(() => {
    void call<{ counts: { dueSoon: number } }>(() =>
      client.api.cases.$get({ query: { dueSoon: "1", limit: "1" } }),
    ).then((res) => res.ok && setDue(res.data.counts.dueSoon));
  }, []);
  if (due === 0) return null;
  return (
    <span className="nav-badge" title={label(due)} data-testid="cases-due-badge">
      {due}
    </span>
  );
}
