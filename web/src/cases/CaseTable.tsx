// One page of cases as a table: number (a link to the case page), received, writer's unit, the demand's opening
// words, category and topic, department, deadline with days left or overdue, status.
import { useI18n } from "../i18n";
import { DeadlineText, StatusBadge } from "./caseBits";
import type { Case, CaseMeta } from "./casesApi";
import type { CasesMessages } from "./messages";

export const caseHref = (c: { id: string }) => `/cases/${encodeURIComponent(c.id)}`;

export function CaseTable({
  t,
  meta,
  cases,
  showDepartment,
}: {
  t: CasesMessages;
  meta: CaseMeta;
  cases: readonly Case[];
  showDepartment: boolean;
}) {
  const { text } = useI18n();
  const topicName = (id: string | null) => text(meta.topics.find((x) => x.id === id)?.name) || id || t.none;
  return (
    <div className="table-wrap">
      <table className="data-table case-table" data-testid="case-list">
        <thead>
          <tr>
            <th scope="col">{t.number}</th>
            <th scope="col">{t.received}</th>
            <th scope="col">{t.unitPath}</th>
            <th scope="col">{t.text}</th>
            <th scope="col">
              {t.category} · {t.topic}
            </th>
            {showDepartment && <th scope="col">{t.department}</th>}
            <th scope="col">{t.deadline}</th>
            <th scope="col">{t.status}</th>
          </tr>
        </thead>
        <tbody>
          {cases.map((c) => (
            <tr key={c.id} data-case-number={c.number} className={c.overdue ? "case-row-overdue" : undefined}>
              <td>
                <a href={caseHref(c)}>{c.number}</a>
              </td>
              <td>{c.receivedOn}</td>
              <td>{text(c.unitName)}</td>
              <td className="case-text-cell">
                <a href={caseHref(c)}>{c.text}</a>
              </td>
              <td>
                {t.categories[c.category]} · {topicName(c.topic)}
              </td>
              {showDepartment && <td>{c.departmentName ? text(c.departmentName) : t.none}</td>}
              <td>
                <DeadlineText t={t} c={c} />
              </td>
              <td>
                <StatusBadge t={t} status={c.status} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
