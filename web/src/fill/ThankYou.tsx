// After a stored response: the receipt (查询码), big and copyable, and what it is for — or, when nothing was written
// to follow, that there is no code to keep. It fetches nothing: everything it shows came with the submission.
import { useRef, useState } from "react";
import { useI18n } from "../i18n";
import { openReceiptPage } from "../receipts/receiptAddress";
import type { SavedReceipt } from "./progress";

export function ThankYou({
  receipt,
  onAnotherPerson,
}: {
  receipt: SavedReceipt;
  onAnotherPerson: () => void;
}) {
  const { t } = useI18n();
  // The code is only for following demands and suggestions (the receipt page has nothing else): without one it
  // is not shown at all, so nobody copies and keeps a code that leads to "no such demand".
  const followable = receipt.wroteDemand !== false;

  return (
    <section className="thanks" aria-labelledby="thanks-title">
      <h1 id="thanks-title" tabIndex={-1}>
        {t.thanksTitle}
      </h1>
      <p>{t.thanksText}</p>
      {followable ? (
        <ReceiptToKeep receipt={receipt.receipt} />
      ) : (
        <p data-testid="no-demand">{t.noDemandText}</p>
      )}
      <button type="button" className="button" data-testid="another-person" onClick={onAnotherPerson}>
        {t.anotherPerson}
      </button>
    </section>
  );
}

function ReceiptToKeep({ receipt }: { receipt: string }) {
  const { t } = useI18n();
  const codeRef = useRef<HTMLElement>(null);
  const [copyState, setCopyState] = useState<"idle" | "copied" | "manual">("idle");

  const copy = async () => {
    try {
      // The clipboard API exists only on HTTPS; on a plain-HTTP intranet select the code for a long-press copy.
      await navigator.clipboard.writeText(receipt);
      setCopyState("copied");
    } catch {
      const code = codeRef.current;
      if (code) getSelection()?.selectAllChildren(code);
      setCopyState("manual");
    }
  };

  return (
    <>
      <p className="field-label">{t.receiptLabel}</p>
      <p className="receipt-row">
        <code className="receipt" data-testid="receipt" ref={codeRef}>
          {receipt}
        </code>
        <button type="button" className="button" onClick={copy}>
          {copyState === "copied" ? t.copied : t.copy}
        </button>
      </p>
      {copyState === "manual" && <p className="hint">{t.copyManually}</p>}
      <p>{t.receiptHelp}</p>
      <p>
        <a
          href="/r"
          data-testid="follow-answers"
          onClick={(e) => {
            e.preventDefault();
            openReceiptPage(receipt);
          }}
        >
          {t.followAnswers}
        </a>
      </p>
    </>
  );
}
