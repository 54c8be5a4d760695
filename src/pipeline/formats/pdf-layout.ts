// Turns positioned text items (upright page coordinates, y downwards) into readable lines:
// items grouped into lines by baseline and sorted by x, and a page set in columns read column
// by column rather than across the gutter.

export interface Placed {
  str: string;
  /** Right-to-left script (Arabic, Hebrew): such a line reads from its right end. */
  rtl: boolean;
  x: number;
  y: number;
  width: number;
  size: number;
  /** The font's face where the reader knows it (PDFium does, pdf.js does not). */
  bold?: boolean;
  italic?: boolean;
}

interface Line {
  y: number;
  size: number;
  /** Sorted by x. */
  items: Placed[];
}

/** Columns narrower than this many font sizes are table cells, read row by row instead. */
const MIN_COLUMN_EMS = 12;
/** A gutter must be at least this many font sizes wide in each line it splits (LaTeX's is about 1). */
const MIN_GUTTER_EMS = 0.7;

export interface LaidOut {
  text: string;
  /** The same lines, with lines set clearly larger than the body text as Markdown headings. */
  markdown: string;
}

export function layoutText(items: Placed[]): LaidOut {
  const ordered = readingOrder(groupLines(items), 0);
  return paragraphs(ordered);
}

function groupLines(items: Placed[]): Line[] {
  // Space items carry nothing that the gaps between words do not; a wide one would bridge a gutter.
  // Control characters are glyphs of fonts without a Unicode map (bullets, symbols): dropped.
  const sorted = items
    .map((i) => ({ ...i, str: i.str.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '') }))
    .filter((i) => i.str.trim())
    .sort((p, q) => p.y - q.y || p.x - q.x);
  const lines: Line[] = [];
  for (const item of sorted) {
    const line = lines[lines.length - 1];
    // Half the larger size: superscripts and footnote marks stay on their line.
    const tolerance = Math.max(1, Math.max(item.size || 1, line?.size || 1) * 0.5);
    if (line && Math.abs(item.y - line.y) <= tolerance) line.items.push(item);
    else lines.push({ y: item.y, size: item.size, items: [item] });
  }
  for (const line of lines) line.items.sort((p, q) => p.x - q.x);
  return lines;
}

const right = (i: Placed) => i.x + i.width;

/**
 * Lines in reading order: where a run of lines shares a gutter, the left column's lines come
 * before the right column's; lines spanning the gutter (titles, full-width paragraphs) stay in place.
 */
function readingOrder(lines: Line[], depth: number): Line[] {
  const gutter = depth < 3 ? findGutter(lines) : undefined;
  if (gutter === undefined) return lines;
  const out: Line[] = [];
  let left: Line[] = [];
  let rightSide: Line[] = [];
  const flush = () => {
    out.push(...readingOrder(left, depth + 1), ...readingOrder(rightSide, depth + 1));
    left = [];
    rightSide = [];
  };
  for (const line of lines) {
    const split = splitAt(line, gutter);
    if (!split) {
      flush();
      out.push(line);
      continue;
    }
    if (split[0].items.length) left.push(split[0]);
    if (split[1].items.length) rightSide.push(split[1]);
  }
  flush();
  return out;
}

/** The line cut at x, when no item crosses x and the gap there is gutter-wide. */
function splitAt(line: Line, x: number): [Line, Line] | undefined {
  const before = line.items.filter((i) => right(i) <= x);
  const after = line.items.filter((i) => i.x >= x);
  if (before.length + after.length !== line.items.length) return undefined;
  if (before.length && after.length) {
    const gap = (after[0]?.x ?? 0) - Math.max(...before.map(right));
    if (gap < line.size * MIN_GUTTER_EMS) return undefined;
  }
  return [
    { ...line, items: before },
    { ...line, items: after },
  ];
}

/**
 * The x of a column gutter: a position few lines cross, where many lines end just left of it
 * and many begin just right of it, with prose-wide text on both sides. Lines of the two columns
 * need not share baselines.
 */
function findGutter(lines: Line[]): number | undefined {
  if (lines.length < 6) return undefined;
  const left = Math.min(...lines.flatMap((l) => l.items.map((i) => i.x)));
  const rightmost = Math.max(...lines.flatMap((l) => l.items.map(right)));
  const need = Math.max(4, lines.length * 0.2);
  let best: { x: number; score: number } | undefined;
  const maxCrossing = lines.length * 0.15;
  for (let x = left + 8; x < rightmost - 8; x += 4) {
    // Most positions are crossed by most lines: they are left as soon as too many cross.
    let crossing = 0;
    for (const line of lines) {
      if (line.items.some((i) => i.x < x && right(i) > x) && ++crossing > maxCrossing) break;
    }
    if (crossing > maxCrossing) continue;
    let endNear = 0;
    let startNear = 0;
    for (const line of lines) {
      const em = line.size || 1;
      if (line.items.some((i) => right(i) <= x)) endNear++;
      if (line.items.some((i) => i.x >= x && i.x <= x + 2 * em)) startNear++;
    }
    const score = Math.min(endNear, startNear);
    if (score < need) continue;
    if (!best || score > best.score) best = { x, score };
  }
  if (!best || !proseOnBothSides(lines, best.x)) return undefined;
  return best.x;
}

/** Both sides wide and mostly free of inner gaps: columns of prose, not the cells of a table. */
function proseOnBothSides(lines: Line[], x: number): boolean {
  const sides = [
    { widths: [] as number[], gapped: 0 },
    { widths: [] as number[], gapped: 0 },
  ];
  for (const line of lines) {
    const split = splitAt(line, x);
    if (!split) continue;
    split.forEach((part, k) => {
      const side = sides[k];
      const first = part.items[0];
      if (!side || !first) return;
      side.widths.push((Math.max(...part.items.map(right)) - first.x) / (line.size || 1));
      if (hasGap(part, 2)) side.gapped++;
    });
  }
  const median = (v: number[]) => [...v].sort((p, q) => p - q)[Math.floor(v.length / 2)] ?? 0;
  return sides.every(
    (s) => s.widths.length >= 3 && median(s.widths) >= MIN_COLUMN_EMS && s.gapped <= s.widths.length * 0.35,
  );
}

function hasGap(line: Line, ems: number): boolean {
  let end = Number.POSITIVE_INFINITY;
  for (const item of line.items) {
    if (item.x - end >= line.size * ems) return true;
    end = end === Number.POSITIVE_INFINITY ? right(item) : Math.max(end, right(item));
  }
  return false;
}

function lineText(line: Line): string {
  const rtl = line.items.filter((i) => i.rtl).length > line.items.length / 2;
  return rtl
    ? joinItems(
        [...line.items].reverse(),
        (i) => -right(i),
        (i) => -i.x,
      )
    : joinItems(line.items, (i) => i.x, right);
}

/** Items in reading order joined with a space where the gap from `end` of one to `start` of the next says so. */
function joinItems(items: Placed[], start: (i: Placed) => number, end: (i: Placed) => number): string {
  let text = '';
  let reached = Number.NEGATIVE_INFINITY;
  for (const item of items) {
    const gap = start(item) - reached;
    const size = item.size || 1;
    if (text && !/\s$/.test(text) && !/^\s/.test(item.str)) {
      if (gap > size * 2.5) text += '  ';
      else if (gap > size * 0.15) text += ' ';
    }
    text += item.str;
    reached = Math.max(reached, end(item));
  }
  return text.replace(/\s+$/, '');
}

/**
 * Joins lines, with a blank line where a gap is clearly wider than the usual line pitch (double
 * spacing included) and where reading moves back up the page (the next column).
 */
function paragraphs(lines: Line[]): LaidOut {
  const pitches = lines
    .slice(1)
    .map((line, i) => line.y - (lines[i]?.y ?? 0))
    .filter((d) => d > 0)
    .sort((p, q) => p - q);
  const pitch = pitches[Math.floor(pitches.length / 2)] ?? 0;
  const body = bodySize(lines);
  const face = bodyFace(lines, body);
  const emphasised = lines.map((line) => isEmphasised(line, body, face));
  const text: string[] = [];
  const markdown: string[] = [];
  let previousY: number | undefined;
  let previousLevel = 0;
  for (const [i, line] of lines.entries()) {
    const content = lineText(line);
    if (!content) continue;
    const apart = previousY === undefined || pitch <= 0 || line.y - previousY > pitch * 1.3;
    // A line in bold or italics at the body's size heads what follows it when what follows is not
    // set the same way (the first line of a bold paragraph is not a heading).
    const standsOut = (emphasised[i] ?? false) && !emphasised[i + 1];
    const level = headingLevel(line, content, body, apart, standsOut);
    const step = previousY === undefined ? 0 : line.y - previousY;
    // A title too long for one line goes on in the next, at the title's own line pitch: one heading.
    if (
      level > 0 &&
      level === previousLevel &&
      step > 0 &&
      step <= Math.max(...line.items.map((i) => i.size)) * 1.8
    ) {
      text.push(content);
      markdown[markdown.length - 1] += ` ${content.replace(/\s+/g, ' ')}`;
      previousY = line.y;
      continue;
    }
    const previousHeading = previousLevel > 0;
    if (previousY !== undefined) {
      const breaks = pitch > 0 && (step < -pitch || step > pitch * 1.6);
      if (breaks) text.push('');
      if (breaks || level || previousHeading) markdown.push('');
    }
    text.push(content);
    markdown.push(level ? `${'#'.repeat(level)} ${content.replace(/\s+/g, ' ')}` : content);
    previousY = line.y;
    previousLevel = level;
  }
  return { text: text.join('\n'), markdown: markdown.join('\n').replace(/\n{3,}/g, '\n\n') };
}

/** The font size most of the page's characters are set in. */
function bodySize(lines: Line[]): number {
  const chars = new Map<number, number>();
  for (const line of lines) {
    for (const item of line.items) {
      const size = Math.round(item.size * 2) / 2;
      chars.set(size, (chars.get(size) ?? 0) + item.str.length);
    }
  }
  return [...chars.entries()].sort((p, q) => q[1] - p[1])[0]?.[0] ?? 0;
}

/** The face of a placed item: "" regular, "b" bold, "i" italic, "bi" both. */
const faceOf = (item: Placed) => `${item.bold ? 'b' : ''}${item.italic ? 'i' : ''}`;

/** The face most of the body-size characters are set in. */
function bodyFace(lines: Line[], body: number): string {
  const chars = new Map<string, number>();
  for (const line of lines) {
    for (const item of line.items) {
      if (Math.abs(item.size - body) > 0.5) continue;
      chars.set(faceOf(item), (chars.get(faceOf(item)) ?? 0) + item.str.length);
    }
  }
  return [...chars.entries()].sort((p, q) => q[1] - p[1])[0]?.[0] ?? '';
}

/** Nearly all of the line in bold or italics where the body is not, at the body's size or above. */
function isEmphasised(line: Line, body: number, face: string): boolean {
  const total = line.items.reduce((n, i) => n + i.str.length, 0);
  const marked = line.items
    .filter((i) => faceOf(i) !== face && faceOf(i) !== '' && i.size >= body - 0.5)
    .reduce((n, i) => n + i.str.length, 0);
  return total > 0 && marked >= total * 0.8;
}

/**
 * 1-4 for a heading: a short line shaped like a title, set (nearly all of it) above the body size,
 * or at it in bold or italics and set apart. Size alone is not enough: invoices set whole rows of
 * body text in a larger or capital face ("ATTN: … TOTAL AMOUNT DUE"), which are labels and values,
 * not headings. The face is known only from PDFium (pdf.js names fonts by internal ids).
 */
function headingLevel(line: Line, content: string, body: number, apart: boolean, standsOut: boolean): number {
  if (body <= 0 || content.length > 80 || !/\p{L}/u.test(content)) return 0;
  if (!isTitleShaped(content)) return 0;
  const total = line.items.reduce((n, i) => n + i.str.length, 0);
  const sizeOf = (min: number) =>
    line.items.filter((i) => i.size >= body * min).reduce((n, i) => n + i.str.length, 0) >= total * 0.8;
  // Capitals are how body text is emphasised: a line in capitals needs a clearly larger size.
  const capitals = !/\p{Ll}/u.test(content);
  if (sizeOf(1.6)) return 1;
  if (sizeOf(1.25)) return 2;
  // The smallest step up only counts for a line set apart from the one above, as a title is.
  if (sizeOf(1.1) && apart && !capitals) return 3;
  if (standsOut && apart) return 4;
  return 0;
}

/** A title: one run of words (no column gap), not a sentence, a label or a row of figures. */
function isTitleShaped(content: string): boolean {
  const text = content.trim();
  if (/\S {2,}\S/.test(text)) return false; // cells of a row, not one title
  if (text.split(/\s+/).length > 12) return false;
  if (/[.,;:]$/.test(text) && !/\.\.\.$/.test(text)) return false; // a sentence or a label
  if (/\p{L}\s*:\s+\S/u.test(text)) return false; // "Label: value"
  if (/^[•●▪◦‣∙·*–-]\s/u.test(text)) return false; // an item of a list
  if (/^(?:fig(?:ure)?|table|tab)\.?\s*\d/i.test(text)) return false; // a caption
  const digits = (text.match(/\p{N}/gu) ?? []).length;
  const letters = (text.match(/\p{L}/gu) ?? []).length;
  return digits <= letters * 0.5;
}
