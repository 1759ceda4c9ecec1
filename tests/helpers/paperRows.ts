// Paper-template rows for tests: SurveyJS answers spelled as a data-entry file spells them (matrix rows as
// `matrix.row` columns, lists `;`-separated), with the form number, unit and group in front.
export type PaperCell = string | number;

export function paperRow(
  envelope: { form_no: string; unit_id: string; group_id: string; filled_on?: string },
  data: Record<string, unknown>,
): Record<string, PaperCell> {
  const row: Record<string, PaperCell> = { ...envelope };
  for (const [name, value] of Object.entries(data)) {
    if (Array.isArray(value)) row[name] = value.join(";");
    else if (value !== null && typeof value === "object") {
      for (const [inner, cell] of Object.entries(value)) row[`${name}.${inner}`] = cell as PaperCell;
    } else row[name] = value as PaperCell;
  }
  return row;
}
