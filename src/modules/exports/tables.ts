// Lists as files: CSV (UTF-8 with a byte-order mark, so that Excel reads č ć đ š ž right) and
// XLSX, from one description of the columns.
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';

export interface Column<Row> {
  header: string;
  /** Column width in characters (XLSX). */
  width?: number;
  value: (row: Row) => string | number | null | undefined;
}

export interface Table<Row> {
  /** The worksheet's name (at most 31 characters). */
  title: string;
  columns: Column<Row>[];
  rows: Row[];
}

export function toCsv<Row>(table: Table<Row>): Buffer {
  const text = stringify(
    table.rows.map((row) => table.columns.map((column) => column.value(row) ?? '')),
    {
      bom: true,
      header: true,
      columns: table.columns.map((column) => column.header),
      record_delimiter: 'windows',
    },
  );
  return Buffer.from(text, 'utf8');
}

export async function toXlsx<Row>(table: Table<Row>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Veza';
  const sheet = workbook.addWorksheet(table.title.slice(0, 31), {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = table.columns.map((column) => ({
    header: column.header,
    width: column.width ?? 20,
  }));
  for (const row of table.rows) {
    sheet.addRow(table.columns.map((column) => column.value(row) ?? null));
  }
  sheet.getRow(1).font = { bold: true };
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
