// Words an OCR engine read, with their boxes, and the page rebuilt from them as layout text for
// the extractors. Engines cut a page into blocks and read block by block: on a receipt the
// price column often becomes a block of its own, so "Summe" and its "134,39" end up forty
// lines apart in the engine's text. Rebuilt from the boxes, every printed row is one line again
// and its columns sit at their character positions (as `pdftotext -layout` writes a text
// layer), so that a label's value is to its right or below it in the text as on the paper.
import type { OcrWord } from './ocr.ts';

/** A word read by an OCR engine, as its box's edges in pixels. */
interface PlacedWord {
  text: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** 0..1, the engine's confidence in the reading. */
  confidence: number;
}

/** The widest gap, in text heights, that still joins two words into one row. */
const MAX_GAP_HEIGHTS = 30;

interface Row {
  words: PlacedWord[];
  last: PlacedWord;
}

const height = (w: PlacedWord) => Math.max(1, w.y1 - w.y0);
const centerY = (w: PlacedWord) => (w.y0 + w.y1) / 2;

/** Vertical overlap of two boxes as a share of the smaller height. */
function verticalOverlap(a: PlacedWord, b: PlacedWord): number {
  const overlap = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
  return overlap / Math.min(height(a), height(b));
}

/** Words grouped into printed rows, top to bottom, each row left to right. */
function rowsOf(words: readonly PlacedWord[]): PlacedWord[][] {
  const sorted = words.filter((w) => w.text.trim() && w.x1 > w.x0 && w.y1 > w.y0).sort((a, b) => a.x0 - b.x0);
  const rows: Row[] = [];
  for (const word of sorted) {
    // A word continues the row whose last word sits just left of it at the same height. Chaining
    // neighbour to neighbour follows a slightly skewed photo, where one band across the page would not.
    let best: Row | undefined;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (const row of rows) {
      const last = row.last;
      // Engines' boxes may overlap their neighbour's a little ("Husener" reaching over "Str."):
      // a word continues a row when it starts right of the middle of the row's last word.
      if (word.x0 < (last.x0 + last.x1) / 2) continue;
      // Far beyond a receipt's price column is another text block (a second slip on the scan).
      if (word.x0 - last.x1 > MAX_GAP_HEIGHTS * height(word)) continue;
      const overlap = verticalOverlap(last, word);
      if (overlap < 0.5) continue;
      // Better-aligned neighbours first, then nearer ones (a price column is far right of its label).
      const score = overlap - (word.x0 - last.x1) / (1000 * height(word));
      if (score > bestScore) {
        best = row;
        bestScore = score;
      }
    }
    if (best) {
      best.words.push(word);
      best.last = word;
    } else {
      rows.push({ words: [word], last: word });
    }
  }
  const mid = (r: Row) => r.words.reduce((n, w) => n + centerY(w), 0) / r.words.length;
  return rows.sort((a, b) => mid(a) - mid(b)).map((r) => r.words);
}

/**
 * How much the page's rows climb or fall per pixel across (a photo held askew), at a height on
 * the page: the median slope between neighbouring words of one engine line, a phrase apart (a
 * price column far to the right may have been put on the wrong line, a neighbour in the same
 * phrase has not). 0 when too few pairs say, or when they say less than a pixel in two hundred.
 * A photo taken at an angle, the paper's far side shorter, fans the rows out: their slope changes
 * steadily down the page (fannedSkew), and a price column drifts a row away from its labels.
 */
function skewOf(read: readonly (Pick<OcrWord, 'text' | 'box'> & { line?: number })[]): (y: number) => number {
  const pairs: SlopeAt[] = [];
  for (let i = 1; i < read.length; i++) {
    const a = read[i - 1]!;
    const b = read[i]!;
    if (a.line === undefined || a.line !== b.line) continue;
    const h = Math.min(a.box.height, b.box.height);
    const dx = b.box.x + b.box.width / 2 - (a.box.x + a.box.width / 2);
    const gap = b.box.x - (a.box.x + a.box.width);
    if (dx <= 2 * h || gap > 2 * h || gap < -h) continue;
    const [ya, yb] = [a.box.y + a.box.height / 2, b.box.y + b.box.height / 2];
    const slope = (yb - ya) / dx;
    if (Math.abs(slope) < 0.2) pairs.push({ slope, y: (ya + yb) / 2 });
  }
  if (pairs.length < 3) return () => 0;
  const m = median(pairs.map((p) => p.slope));
  const constant = Math.abs(m) < 0.005 ? 0 : m;
  return fannedSkew(pairs, m) ?? (() => constant);
}

/** A slope between two words of a row, and the height on the page it was measured at. */
interface SlopeAt {
  slope: number;
  y: number;
}

/** Rows fan out when their slope changes by at least this much from the top of the page to its bottom. */
const FAN_MIN = 0.03;
/** Slopes sampled for the fit: its pairwise changes grow with their square. */
const FAN_SAMPLE = 150;

/**
 * The rows' slope as a straight function of the height (Theil–Sen: the median of the changes
 * between pairs of slopes measured far apart, robust to a word set on the wrong row), or
 * undefined when the rows do not fan out: the change across the page is under FAN_MIN, or the
 * fit leaves the slopes hardly closer to it than to their median `flat` (words' boxes differ in
 * height, so single slopes scatter).
 */
function fannedSkew(pairs: readonly SlopeAt[], flat: number): ((y: number) => number) | undefined {
  if (pairs.length < 8) return undefined;
  const step = Math.ceil(pairs.length / FAN_SAMPLE);
  const sample = pairs.filter((_, i) => i % step === 0);
  const ys = sample.map((p) => p.y);
  const [top, bottom] = [Math.min(...ys), Math.max(...ys)];
  const span = bottom - top;
  const changes: number[] = [];
  for (let i = 0; i < sample.length; i++)
    for (let j = i + 1; j < sample.length; j++) {
      const dy = sample[j]!.y - sample[i]!.y;
      if (Math.abs(dy) >= span / 4) changes.push((sample[j]!.slope - sample[i]!.slope) / dy);
    }
  if (changes.length < 10) return undefined;
  const b = median(changes);
  if (Math.abs(b) * span < FAN_MIN) return undefined;
  const a = median(pairs.map((p) => p.slope - b * p.y));
  const spread = (f: (p: SlopeAt) => number) => median(pairs.map((p) => Math.abs(p.slope - f(p))));
  if (spread((p) => a + b * p.y) > 0.8 * spread(() => flat)) return undefined;
  return (y) => a + b * y;
}

/** Below this confidence a word is left out of the layout text: tesseract's readings of logos and stains score under it. */
const MIN_CONFIDENCE = 0.3;

/** A word with mostly letters or figures, at least three characters: a misreading, not a smudge. */
const READS_AS_WORD = /^(?=(?:[^\p{L}\p{N}]*[\p{L}\p{N}]){3})[\p{L}\p{N}][^\s]*$/u;

/** How a word of letters is cased: a misread word keeps its line's style ("SYARIKAT HENG"). */
const caseOf = (text: string) =>
  /^\p{Lu}{2,}$/u.test(text)
    ? 'upper'
    : /^\p{Lu}\p{Ll}+$/u.test(text)
      ? 'title'
      : /^\p{Ll}+$/u.test(text)
        ? 'lower'
        : null;

/**
 * Puts an unsure word into the row whose sure words flank it at a word's distance, at the same
 * height: inside a line of text, not a logo on a line of its own. At a row's end, with one
 * neighbour, only a word of four letters or more cased as that neighbour is, or a capitalised
 * word before a house number.
 */
function keepInsideRow(rows: PlacedWord[][], word: PlacedWord): void {
  const text = word.text.trim();
  const chars = [...text];
  if (!READS_AS_WORD.test(text) || chars.filter((c) => /[\p{L}\p{N}]/u.test(c)).length < 0.7 * chars.length)
    return;
  const gap = 1.5 * height(word);
  const beside = (w: PlacedWord | undefined, distance: number) =>
    w !== undefined && distance >= -height(word) * 0.2 && distance <= gap && verticalOverlap(w, word) >= 0.5;
  // (A comma or point after a word, as an address line ends, "WISMA HARMON,", is no part of its case.)
  const bare = (t: string) => t.trim().replace(/[.,;:]$/, '');
  const alike = (w: PlacedWord | undefined) =>
    w !== undefined &&
    chars.length >= 4 &&
    caseOf(bare(text)) !== null &&
    caseOf(bare(text)) === caseOf(bare(w.text));
  // A street's name before its house number ("LindenstraBe 48", its ß read as B).
  const street = (w: PlacedWord | undefined) =>
    w !== undefined && /^\d{1,4}[a-z]?,?$/.test(w.text.trim()) && /^\p{Lu}\p{L}{4,}\.?$/u.test(text);
  for (const row of rows) {
    let after = row.findIndex((w) => w.x0 >= word.x1 - height(word) * 0.2);
    if (after < 0) after = row.length;
    const left = row[after - 1];
    const right = row[after];
    const hasLeft = beside(left, word.x0 - (left?.x1 ?? 0));
    const hasRight = beside(right, (right?.x0 ?? 0) - word.x1);
    if (
      (hasLeft && hasRight) ||
      (hasLeft && !right && alike(left)) ||
      (hasRight && !left && (alike(right) || street(right)))
    ) {
      row.splice(after, 0, word);
      return;
    }
  }
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

/**
 * Whether `next` continues a figure the engine cut at its decimal mark ("49." "99", "12" ",50"):
 * PaddleOCR breaks words where its space class rises, and it rises after a printed point too.
 * A real gap between two figures is wider than a character and a half.
 */
function splitFigure(line: string, next: string, gap: number, charWidth: number): boolean {
  if (gap > charWidth * 1.6) return false;
  return (
    (/\d[.,]$/.test(line) && /^\d{2,3}(?!\d)/.test(next)) ||
    (/\d$/.test(line) && /^[.,]\d{2}(?!\d)/.test(next))
  );
}

/**
 * The page as layout text (null when the boxes cannot give one): one line per printed row, words a space apart, and where a gap is
 * wider than a couple of characters the next word starts at its column (at least two spaces, so
 * that the extractors see a column break).
 */
export function layoutFromWords(
  read: readonly (Pick<OcrWord, 'text' | 'confidence' | 'box'> & { line?: number })[],
): string | null {
  const slopeAt = skewOf(read);
  const words: PlacedWord[] = read.map(({ text, confidence, box }) => {
    // Rows are rebuilt on the page as if it lay straight: each box moved up or down by the skew
    // at its place across the page (and down it, where the rows fan out).
    const shift = -slopeAt(box.y + box.height / 2) * (box.x + box.width / 2);
    return {
      text,
      confidence,
      x0: box.x,
      y0: box.y + shift,
      x1: box.x + box.width,
      y1: box.y + box.height + shift,
    };
  });
  // Text the engine read sideways (it turns vertical blocks itself) has boxes taller than wide:
  // rows cannot be rebuilt from them, and the engine's own text is the better reading.
  const long = words.filter((w) => [...w.text.trim()].length >= 4);
  if (long.length > 0 && long.filter((w) => w.y1 - w.y0 > w.x1 - w.x0).length > long.length / 2) return null;
  // Words the engine all but guessed (a logo read as "Wel ibe") would pass for text; but a word
  // set in a printed row between two sure ones is the row's word, only misread ("MERANT!").
  const rows = rowsOf(words.filter((w) => w.confidence >= MIN_CONFIDENCE));
  for (const word of words) if (word.confidence < MIN_CONFIDENCE) keepInsideRow(rows, word);
  const all = rows.flat();
  if (all.length === 0) return null;
  const charWidth = Math.max(1, median(all.map((w) => (w.x1 - w.x0) / Math.max(1, [...w.text].length))));
  const left = Math.min(...all.map((w) => w.x0));
  const lines: string[] = [];
  let previousBottom: number | undefined;
  const lineHeight = median(all.map(height));
  for (const row of rows) {
    let line = '';
    let reached = Number.NEGATIVE_INFINITY;
    for (const word of row) {
      if (line && splitFigure(line, word.text, word.x0 - reached, charWidth)) {
        line += word.text.trim();
        reached = word.x1;
        continue;
      }
      if (line) {
        const gap = word.x0 - reached;
        const column = Math.round((word.x0 - left) / charWidth);
        line += gap > charWidth * 2.5 ? ' '.repeat(Math.max(2, column - line.length)) : ' ';
      } else {
        line = ' '.repeat(Math.max(0, Math.round((word.x0 - left) / charWidth)));
      }
      line += word.text.trim();
      reached = word.x1;
    }
    const top = Math.min(...row.map((w) => w.y0));
    // A blank line where the page leaves a clear vertical gap, as between paragraphs.
    if (previousBottom !== undefined && top - previousBottom > lineHeight * 1.5) lines.push('');
    lines.push(line.replace(/\s+$/, ''));
    previousBottom = Math.max(...row.map((w) => w.y1));
  }
  return lines.join('\n');
}
