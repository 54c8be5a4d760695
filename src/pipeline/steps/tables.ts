// Tables in layout-preserving text: a header row of short column titles, then rows whose cells
// sit under those titles. Cells are assigned to columns by horizontal overlap, so ragged,
// right-aligned numbers still land in their column. Lines with a single cell and no number
// continue the previous row (a description wrapped onto a second line).

import { isColumnTitle } from './column-titles.ts';
import { fold, isColumnar, type Line, type Segment } from './layout.ts';
import { mainTextColumn, tokenHeader, tokenRow } from './token-tables.ts';

export interface Column {
  title: string;
  start: number;
  end: number;
}

export interface TableRow {
  line: Line;
  cells: (string | undefined)[];
}

export interface Table {
  header: Line;
  columns: Column[];
  rows: TableRow[];
}

const hasDigit = (s: string) => /\d/.test(s);
// A row whose words name a total ("Factuur totaal EUR 49,99") is the table's end, wherever the word sits.
const TOTAL_IN_TEXT_RE =
  /(?<![\p{L}])(grand total|sub\s?total|subtotaal|total|totaal|summe|gesamtbetrag|razem)(?![\p{L}])/u;
const STOP_RE =
  /(?<![\p{L}])(sub\s?total|subtotaal|zwischensumme|total|totaal|summe|razem|gesamt|montant total|net amount|balance|tax|vat|tva|btw|mwst|shipping|discount)(?![\p{L}])/iu;

function looksLikeHeader(line: Line): boolean {
  const segs = line.segments;
  if (segs.length < 2) return false;
  const wordy = segs.filter((s) => /\p{L}/u.test(s.text) && !hasDigit(s.text.replace(/%|\(\d+%?\)/g, '')));
  if (wordy.length < Math.max(2, Math.ceil(segs.length * 0.8))) return false;
  if (segs.some((s) => s.text.split(/\s+/).length > 5 || (s.text.endsWith('.') && s.text.length > 30)))
    return false;
  // "Label: value" pairs laid out in columns are a form, not a table header.
  if (segs.filter((s) => /:\s*\S/.test(s.text)).length > 0) return false;
  if (segs.filter((s) => /:$/.test(s.text)).length * 2 >= segs.length) return false;
  // Sentence ends ("warranty purposes.") are prose; column titles end in a dot only when abbreviated ("Qty.").
  if (segs.some((s) => /\p{L}{5,}\.$/u.test(s.text))) return false;
  // Two columns of words are as often an address block as a table: ask for a known title then.
  return segs.length >= 3 || segs.some((s) => isColumnTitle(s.text));
}

function isDataRow(line: Line): boolean {
  return line.segments.length >= 2 && line.segments.some((s) => hasDigit(s.text));
}

function columnFor(seg: Segment, columns: Column[]): number {
  let best = -1;
  let bestOverlap = 0;
  columns.forEach((c, i) => {
    const overlap = Math.min(seg.end, c.end) - Math.max(seg.start, c.start);
    if (overlap > bestOverlap) {
      bestOverlap = overlap;
      best = i;
    }
  });
  if (best >= 0) return best;
  // No overlap: the nearest column by centre distance.
  const centre = (seg.start + seg.end) / 2;
  let bestDistance = Number.POSITIVE_INFINITY;
  columns.forEach((c, i) => {
    const d = Math.abs((c.start + c.end) / 2 - centre);
    if (d < bestDistance) {
      bestDistance = d;
      best = i;
    }
  });
  return best;
}

/** Every table found in `lines`, header first; rows end at a totals line or a long gap. */
export function findTables(lines: Line[]): Table[] {
  const tables: Table[] = [];
  const columnar = isColumnar(lines);
  for (let i = 0; i < lines.length; i++) {
    const header = lines[i]!;
    if (!columnar || !looksLikeHeader(header)) {
      const table = tokenTable(lines, i);
      if (table) {
        tables.push(table.table);
        i = table.next - 1;
      }
      continue;
    }
    // The first data row must follow within three lines (a sub-header line may sit between).
    let firstData = -1;
    for (let j = i + 1; j < Math.min(lines.length, i + 5); j++) {
      if (isDataRow(lines[j]!)) {
        firstData = j;
        break;
      }
    }
    if (firstData < 0) continue;
    // One row of values under the titles, then no more: a row of key-value pairs, not a table.
    const secondRow = lines.slice(firstData + 1, firstData + 4).find((l) => l.segments.length > 0);
    if (!secondRow || (!isDataRow(secondRow) && (secondRow.segments.length !== 1 || tokenHeader(secondRow))))
      continue;
    const columns = header.segments.map((s) => ({ title: s.text, start: s.start, end: s.end }));
    const rows: TableRow[] = [];
    let gap = 0;
    let j = firstData;
    for (; j < lines.length; j++) {
      const line = lines[j]!;
      if (line.segments.length === 0) {
        if (++gap > 3 && rows.length > 0) break;
        continue;
      }
      if (STOP_RE.test(fold(line.segments[0]!.text)) && rows.length > 0) break;
      if (looksLikeHeader(line) && rows.length > 0 && line.segments.length >= columns.length) break;
      if (tokenHeader(line)) break;
      if (isDataRow(line)) {
        gap = 0;
        const cells: (string | undefined)[] = new Array(columns.length).fill(undefined);
        for (const seg of line.segments) {
          const c = columnFor(seg, columns);
          cells[c] = cells[c] === undefined ? seg.text : `${cells[c]} ${seg.text}`;
        }
        rows.push({ line, cells });
      } else if (line.segments.length === 1 && rows.length > 0) {
        gap = 0;
        const seg = line.segments[0]!;
        const c = columnFor(seg, columns);
        const last = rows[rows.length - 1]!;
        // A wrapped description continues only its own text column.
        if (last.cells[c] !== undefined && !hasDigit(last.cells[c]!.replace(/\s/g, '').slice(-1))) {
          last.cells[c] = `${last.cells[c]}\n${seg.text}`;
        }
      } else if (++gap > 3) {
        break;
      }
    }
    if (rows.length > 0) {
      tables.push({ header, columns, rows });
      i = j - 1;
    }
  }
  return tables;
}

/** A table whose header and rows are written without column layout (see token-tables.ts). */
function tokenTable(lines: Line[], at: number): { table: Table; next: number } | null {
  const header = lines[at]!;
  const titles = tokenHeader(header);
  if (!titles) return null;
  const columns: Column[] = [];
  let from = 0;
  for (const t of titles) {
    const start = header.text.indexOf(t.title, from);
    columns.push({ title: t.title, start, end: start + t.title.length });
    from = start + t.title.length;
  }
  const rows: TableRow[] = [];
  const textColumn = mainTextColumn(titles);
  let gap = 0;
  let j = at + 1;
  // Sub-header lines ("Ohne MwSt.", "Contract No. …") may sit between the header and the first row.
  // Whether the line before was a row or its continuation, with no blank between.
  let attached = false;
  for (; j < lines.length && gap <= (rows.length === 0 ? 5 : 4); j++) {
    const line = lines[j]!;
    if (line.segments.length === 0) {
      // Blank lines are paragraph spacing in PDF text; only lines that are not rows end a table.
      attached = false;
      continue;
    }
    const words = fold(line.text.replace(/[-−]?[$€£¥₹]?\d[\d.,'%]*/g, ' ')).trim();
    const opening = TOTAL_IN_TEXT_RE.test(words)
      ? words
      : fold(line.text.trim().split(/\s+/).slice(0, 2).join(' '));
    if (STOP_RE.test(opening) && rows.length > 0) {
      // A section's subtotal or a tax line may be followed by more rows; a total ends the table.
      if (!/sub\s?total|subtotaal|zwischensumme|^(tax|vat|tva|btw|mwst|shipping|discount)\b/.test(opening))
        break;
      gap++;
      attached = false;
      continue;
    }
    const cells = /\d/.test(line.text) ? tokenRow(line.text, titles) : null;
    if (cells?.some((c, k) => c !== undefined && titles[k]!.kind === 'number')) {
      rows.push({ line, cells });
      gap = 0;
      attached = true;
    } else if (
      attached &&
      textColumn >= 0 &&
      /[\p{L}\p{N}]{2}/u.test(line.text) &&
      !/^[-=*_\s]{3}/.test(line.text.trim())
    ) {
      // A line without figures right under a row continues its description.
      const last = rows[rows.length - 1]!;
      last.cells[textColumn] =
        last.cells[textColumn] === undefined
          ? line.text.trim()
          : `${last.cells[textColumn]}\n${line.text.trim()}`;
    } else {
      gap++;
      attached = false;
    }
  }
  return rows.length > 0 ? { table: { header, columns, rows }, next: j } : null;
}
