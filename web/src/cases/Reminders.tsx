// A handler's reminders at the top of the department's list: every case due within the reminder window (oldest
// deadline first) and how many are already overdue, so nothing slips past its deadline unnoticed.
import { useEffect, useState } from "react";
import { caseHref } from "./CaseTable";
import { DeadlineText } from "./caseBits";
import { type Case, fetchCases } from "./casesApi";
import type { CasesMessages } from "./messages";

export function Reminders({
  t,
  overdue,
  onShowOverdue,
}: {
  t: CasesMessages;
  overdue: number;
  onShowOverdue: () => void;
}) {
  const [due, setDue] = useState<Case[] | null>(null);
  useEffect(() => {
    void fetchCases({ dueSoon: "1", sort: "deadline", limit: "50" }).then((res) =>
      setDue(res.ok ? res.data.cases : []),
    );
  }, []);
  if (due === null) return null;
  return (
    <section className="case-reminders" aria-labelledby="reminders-title" data-testid="reminders">
      <h2 id="reminders-title">{due.length > 0 ? t.remindersTitle(due.length) : t.remindersNone}</h2>
      {due.length > 0 && (
        <ul>
          {due.map((c) => (
            <li key={c.id}>
              <a href={caseHref(c)}>
                {c.number} · {c.text.length > 60 ? `${c.text.slice(0, 60)}…` : c.text}
              </a>{" "}
              <DeadlineText t={t} c={c} />
            </li>
          ))}
        </ul>
      )}
      {overdue > 0 && (
        <p className="case-overdue-line">
          <strong>{t.overdueTitle(overdue)}</strong>{" "}
          <button type="button" className="link-button" onClick={onShowOverdue}>
            {t.showOverdue}
          </button>
        </p>
      )}
    </section>
  );
}
