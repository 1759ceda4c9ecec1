// Writes a table as an XLSX workbook (one sheet, header row frozen and bold) with exceljs. Numbers stay numbers so
// analysts can keep computing; hidden cells stay empty, never zero.
import ExcelJS from "exceljs";
import type { Table } from "./tableExport";

export async function toXlsx(table: Table, sheetName: string): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "minyi";
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31) || "Sheet1", {
    views: [{ state: "frozen", ySplit: 1 }],
  });
  sheet.addRow(table.header).font = { bold: true };
  for (const row of table.rows) sheet.addRow(row.map((v) => (v === null ? undefined : v)));
  sheet.columns.forEach((col) => {
    col.width = 16;
  });
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
