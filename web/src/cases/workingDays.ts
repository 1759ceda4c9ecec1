// The default deadline a route form proposes: the category's working days from the plant's today, on the same
// calendar (chinese-days) the server uses when no deadline is sent, so the date shown is the date it would set.
import chineseDays from "chinese-days";

export const addWorkingDays = (date: string, days: number): string => chineseDays.findWorkday(days, date);
