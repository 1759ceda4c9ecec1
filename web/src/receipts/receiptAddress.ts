// The receipt code never stays in the address bar: on a shared office PC the browser's history and its address
// suggestions would offer /r/<code> to the next person, who could then read, rate or reopen as the writer. The code
// travels in the tab's own session history entry instead (history.state), which a reload keeps and closing the tab
// forgets.

/** Opens the receipt page for a code from another page (the thank-you screen): /r, with the code in the entry. */
export function openReceiptPage(receipt: string): void {
  history.pushState({ receipt }, "", "/r");
  location.reload();
}

/** Puts the code in the current entry and shows /r in the address, adding no entry to the history. */
export function keepReceiptOutOfAddress(receipt: string): void {
  history.replaceState({ receipt }, "", "/r");
}

/** The code this entry was opened with, if any. */
export function receiptInEntry(): string | null {
  const state: unknown = history.state;
  if (state && typeof state === "object" && "receipt" in state && typeof state.receipt === "string") {
    return state.receipt;
  }
  return null;
}
