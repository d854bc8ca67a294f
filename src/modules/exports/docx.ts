// The conclusions record as a Word document (DOCX).
import {
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { type ConclusionsRecord, participantLine, recordFacts, recordHeadings } from './record.js';

const heading = (text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]) =>
  new Paragraph({ text, heading: level });

const numbered = (texts: string[]) =>
  texts.map((text, i) => new Paragraph({ children: [new TextRun(`${i + 1}. ${text}`)] }));

const cell = (text: string, bold = false) =>
  new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold })] })] });

export function conclusionsDocx(record: ConclusionsRecord): Promise<Buffer> {
  const body: (Paragraph | Table)[] = [
    heading(recordHeadings.document, HeadingLevel.TITLE),
    heading(record.title, HeadingLevel.HEADING_1),
    ...recordFacts(record).map(
      ([label, value]) =>
        new Paragraph({
          children: [new TextRun({ text: `${label}: `, bold: true }), new TextRun(value)],
        }),
    ),
    heading(recordHeadings.participants, HeadingLevel.HEADING_2),
    ...record.participants.map((group) => new Paragraph({ text: participantLine(group) })),
  ];
  for (const day of record.days) {
    body.push(heading(day.heading ?? recordHeadings.general, HeadingLevel.HEADING_2));
    if (day.conclusions.length) {
      body.push(heading(recordHeadings.conclusions, HeadingLevel.HEADING_3));
      body.push(...numbered(day.conclusions));
    }
    if (day.recommendations.length) {
      body.push(heading(recordHeadings.recommendations, HeadingLevel.HEADING_3));
      body.push(...numbered(day.recommendations));
    }
  }
  if (record.actions.length) {
    body.push(heading(recordHeadings.actions, HeadingLevel.HEADING_2));
    body.push(
      new Table({
        width: { size: 100, type: WidthType.PERCENTAGE },
        rows: [
          new TableRow({
            tableHeader: true,
            children: recordHeadings.actionColumns.map((text) => cell(text, true)),
          }),
          ...record.actions.map(
            (action) =>
              new TableRow({
                children: [
                  cell(action.text),
                  cell(action.owner ?? '—'),
                  cell(action.dueDate ?? '—'),
                ],
              }),
          ),
        ],
      }),
    );
  }
  const document = new Document({
    creator: 'Veza',
    title: `${recordHeadings.document}: ${record.title}`,
    styles: { default: { document: { run: { font: 'Calibri' } } } },
    sections: [{ children: body }],
  });
  return Packer.toBuffer(document);
}
