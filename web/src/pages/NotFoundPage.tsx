// Any path the router does not know.
import { useI18n } from "../i18n";

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <section aria-labelledby="not-found-title">
      <h1 id="not-found-title">{t.notFoundTitle}</h1>
      <p>{t.notFoundText}</p>
      <p>
        <a href="/">{t.backHome}</a>
      </p>
    </section>
  );
}
