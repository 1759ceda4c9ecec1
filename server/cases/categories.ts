// What a case can be, and how long a department has to answer each kind by default. The plant's rule is 15
// working days for a demand; a question needs only a reply, a complaint is chased sooner, a suggestion is weighed
// longer. Triage may set any other deadline on a case.
export const caseCategories = ["demand", "suggestion", "question", "complaint"] as const;
export type CaseCategory = (typeof caseCategories)[number];

export const defaultDeadlineDays: Readonly<Record<CaseCategory, number>> = {
  demand: 15,
  suggestion: 20,
  question: 5,
  complaint: 10,
};

export const caseStatuses = ["new", "routed", "answered", "published", "closed", "merged"] as const;
export type CaseStatus = (typeof caseStatuses)[number];

export const caseRatings = ["satisfied", "basically", "dissatisfied"] as const;
export type CaseRating = (typeof caseRatings)[number];

/** Cases due within this many days (and not answered yet) are on the reminder list. */
export const reminderDays = 3;

/** Longest answer, action, comment or meeting text accepted; a demand question allows 1000 characters. */
export const maxCaseText = 4000;

/** How a case came in: with a response of that channel, or logged by staff from a meeting. */
export const caseChannels = ["online", "onsite", "paper", "meeting"] as const;
export type CaseChannel = (typeof caseChannels)[number];
