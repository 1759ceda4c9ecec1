// /cases, the department handler's home: the demands and suggestions routed to the handler's department.
// Cases are created when an analyst routes a demand; until one is routed here the list is honestly empty.
import { useI18n } from "../i18n";
import { StaffPage } from "../staff/StaffPage";
import { useStaffText } from "../staff/useStaffText";

export function CasesPage() {
  const t = useStaffText();
  const { text } = useI18n();
  return (
    <StaffPage path="/cases">
      {({ units }) => (
        <section aria-labelledby="cases-title">
          <h1 id="cases-title">{t.casesTitle}</h1>
          <p className="hint">{t.casesIntro(text(units[0]?.name))}</p>
          <p className="notice" data-testid="cases-empty">
            {t.casesEmpty}
          </p>
        </section>
      )}
    </StaffPage>
  );
}
