// /r and /r/:receipt: the anonymous writer follows their own demands and suggestions by the receipt code — enter a
// code, read where each case stands and its published answer, rate it once, reopen it once. Nothing is kept on the
// device: no storage, the code out of the address (receiptAddress.ts), and the API answers are marked no-store.
import { type FormEvent, useEffect, useId, useState } from "react";
import type { ApiErrorInfo } from "../api";
import { useI18n } from "../i18n";
import { keepReceiptOutOfAddress, receiptInEntry } from "./receiptAddress";
import { fetchWriterCases, type WriterCase } from "./receiptApi";
import { normaliseReceipt } from "./receiptCode";
import { errorText, useWriterText } from "./useWriterText";
import { WriterCaseCard } from "./WriterCaseCard";
import "./receipts.css";

export function ReceiptPage({ receipt }: { receipt: string | null }) {
  // From /r/<code> (typed or printed), or /r opened with a code in its history entry.
  const [code, setCode] = useState(() => receipt ?? receiptInEntry());
  useEffect(() => {
    if (code !== null) keepReceiptOutOfAddress(normaliseReceipt(code) ?? code);
  }, [code]);
  if (code === null) return <ReceiptEntry onLookUp={setCode} />;
  return <WriterCases key={code} receipt={code} onLookUp={setCode} />;
}

function ReceiptEntry({
  initial = "",
  problem,
  onLookUp,
}: {
  initial?: string;
  problem?: string;
  onLookUp: (receipt: string) => void;
}) {
  const t = useWriterText();
  const [code, setCode] = useState(initial);
  // The server's verdict on the code in the address, until the writer starts correcting it.
  const [shown, setShown] = useState<string | null>(problem ?? null);
  const inputId = useId();
  const problemId = useId();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const receipt = normaliseReceipt(code);
    if (receipt === null) {
      setShown(t.errors.receipt_invalid ?? "");
      return;
    }
    onLookUp(receipt);
  };

  return (
    <section aria-labelledby="receipt-entry-title" className="writer-page">
      <h1 id="receipt-entry-title">{t.entryTitle}</h1>
      <p>{t.entryIntro}</p>
      {/* autoComplete off: the browser must not offer this code to the next person using the device. */}
      <form className="receipt-form" onSubmit={submit} noValidate>
        <label htmlFor={inputId} className="writer-label">
          {t.codeLabel}
        </label>
        <div className="receipt-form-row">
          <input
            id={inputId}
            data-testid="receipt-input"
            value={code}
            onChange={(e) => {
              setCode(e.target.value);
              setShown(null);
            }}
            placeholder={t.codePlaceholder}
            autoComplete="off"
            autoCapitalize="characters"
            autoCorrect="off"
            spellCheck={false}
            maxLength={40}
            aria-invalid={shown !== null}
            aria-describedby={shown ? problemId : undefined}
          />
          <button type="submit" className="button button-strong" data-testid="receipt-lookup">
            {t.lookUp}
          </button>
        </div>
        {shown && (
          <p id={problemId} className="notice notice-error" role="alert" data-testid="receipt-problem">
            {shown}
          </p>
        )}
      </form>
      <p className="hint">{t.keepPrivate}</p>
      <p className="writer-links">
        <a href="/board">{t.toBoard}</a>
      </p>
    </section>
  );
}

type Loaded = "loading" | { error: ApiErrorInfo } | { cases: WriterCase[] };

function WriterCases({ receipt, onLookUp }: { receipt: string; onLookUp: (receipt: string) => void }) {
  const t = useWriterText();
  const { t: common } = useI18n();
  const [loaded, setLoaded] = useState<Loaded>("loading");
  const canonical = normaliseReceipt(receipt);

  useEffect(() => {
    let live = true;
    fetchWriterCases(receipt).then((res) => {
      if (live) setLoaded(res.ok ? { cases: res.data.cases } : { error: res.error });
    });
    return () => {
      live = false;
    };
  }, [receipt]);

  if (loaded === "loading") return <p className="notice">{common.loading}</p>;
  if ("error" in loaded) {
    const { code } = loaded.error;
    if (code === "receipt_invalid" || code === "receipt_not_found") {
      return (
        <ReceiptEntry
          initial={canonical ?? receipt}
          problem={errorText(t, loaded.error)}
          onLookUp={onLookUp}
        />
      );
    }
    // No connection or a server fault: the code was fine, so trying again is all there is to do.
    return (
      <div className="notice notice-error" role="alert">
        <p>{errorText(t, loaded.error)}</p>
        <p>
          <button type="button" className="button" onClick={() => location.reload()}>
            {common.retry}
          </button>
        </p>
      </div>
    );
  }
  const shownCode = canonical ?? receipt;
  return (
    <section aria-labelledby="writer-cases-title" className="writer-page">
      <h1 id="writer-cases-title">{t.casesTitle}</h1>
      <p className="hint" data-testid="receipt-shown">
        {t.codeShown(shownCode)}
      </p>
      <div className="writer-cases">
        {loaded.cases.map((c) => (
          <WriterCaseCard
            key={c.id}
            receipt={shownCode}
            writerCase={c}
            onCases={(cases) => setLoaded({ cases })}
          />
        ))}
      </div>
      <p className="hint">{t.keepPrivate}</p>
      <p className="writer-links">
        <a href="/board">{t.toBoard}</a>
        <a href="/r">{t.otherCode}</a>
      </p>
    </section>
  );
}
