// The conclusions record as a PDF, in DejaVu Sans (embedded, subset): PDF's built-in fonts
// cannot write č, ć or đ, and DejaVu also has Cyrillic.
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { type ConclusionsRecord, participantLine, recordFacts, recordHeadings } from './record.js';

const require = createRequire(import.meta.url);
const REGULAR = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

export function conclusionsPdf(record: ConclusionsRecord): Promise<Buffer> {
  const pdf = new PDFDocument({
    size: 'A4',
    margin: 56,
    font: REGULAR,
    info: { Title: `${recordHeadings.document}: ${record.title}`, Creator: 'Veza' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  const heading = (text: string, size: number) => {
    pdf.moveDown(0.6).font(BOLD).fontSize(size).text(text).moveDown(0.3);
    pdf.font(REGULAR).fontSize(10.5);
  };
  const numbered = (texts: string[]) =>
    texts.forEach((text, i) => pdf.text(`${i + 1}. ${text}`, { paragraphGap: 4 }));

  heading(recordHeadings.document, 20);
  heading(record.title, 14);
  for (const [label, value] of recordFacts(record)) {
    pdf.font(BOLD).text(`${label}: `, { continued: true }).font(REGULAR).text(value);
  }
  heading(recordHeadings.participants, 13);
  for (const group of record.participants) pdf.text(participantLine(group), { paragraphGap: 3 });
  for (const day of record.days) {
    heading(day.heading ?? recordHeadings.general, 13);
    if (day.conclusions.length) {
      heading(recordHeadings.conclusions, 11.5);
      numbered(day.conclusions);
    }
    if (day.recommendations.length) {
      heading(recordHeadings.recommendations, 11.5);
      numbered(day.recommendations);
    }
  }
  if (record.actions.length) {
    heading(recordHeadings.actions, 13);
    pdf.table({
      columnStyles: ['*', 140, 70],
      data: [
        recordHeadings.actionColumns.map((text) => ({ text, font: { src: BOLD } })),
        ...record.actions.map((action) => [
          action.text,
          action.owner ?? '—',
          action.dueDate ?? '—',
        ]),
      ],
    });
  }
  pdf.end();
  return done;
}
