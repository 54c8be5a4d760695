// Text as the extractors see it: lines cut into column segments (runs of two or more spaces
// separate columns in layout-preserving text), and label phrases found in them. Offsets are
// character columns, so a value printed under a column header can be found by overlap.

export interface Segment {
  text: string;
  start: number;
  end: number;
}

export interface Line {
  index: number;
  text: string;
  /** Folded (lower case, no diacritics) with the same length as `text`, for matching. */
  folded: string;
  segments: Segment[];
}

/** Lower case without diacritics, keeping every character's offset. */
// Letters NFKD leaves alone but that readers take for their base letter.
const FOLD_EXTRA: Record<string, string> = { ł: 'l', ø: 'o', đ: 'd', ı: 'i', ŧ: 't', ħ: 'h' };

export function fold(s: string): string {
  let out = '';
  for (const ch of s.toLowerCase()) {
    const base = FOLD_EXTRA[ch] ?? ch.normalize('NFKD').replace(/\p{M}/gu, '');
    out += base.length === ch.length ? base : ch;
  }
  return out;
}

export function segmentsOf(text: string): Segment[] {
  const segments: Segment[] = [];
  for (const m of text.matchAll(/\S+(?:[ \u00a0]\S+)*/g)) {
    segments.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  }
  return segments;
}

export function toLines(text: string): Line[] {
  return text
    .replace(/\t/g, '    ')
    .split(/\r?\n|\r|\f/)
    .map((t, index) => ({ index, text: t, folded: fold(t), segments: segmentsOf(t) }));
}

/** The next lines that carry text, after `from`, at most `count`, skipping at most two blank ones. */
export function linesBelow(lines: Line[], from: number, count: number): Line[] {
  const out: Line[] = [];
  let blanks = 0;
  for (let i = from + 1; i < lines.length && out.length < count; i++) {
    const line = lines[i]!;
    if (line.segments.length === 0) {
      if (++blanks > 2) break;
      continue;
    }
    out.push(line);
  }
  return out;
}

/**
 * The segment of `line` under [start, end) of `header`. When both lines have as many segments,
 * the n-th value belongs to the n-th label. Text without column layout (`columnar` false:
 * columns two spaces apart, unaligned) cannot be aligned by offset beyond that: only the first
 * segment sits under the first.
 */
export function alignedSegment(
  line: Line,
  start: number,
  end: number,
  header?: Line,
  columnar = true,
): Segment | null {
  if (header && header.segments.length > 1) {
    const i = header.segments.findIndex((s) => start < s.end && end > s.start);
    if (i >= 0 && header.segments.length === line.segments.length) return line.segments[i] ?? null;
    // Values of single words may be run together with one space ("SCONL03 SCONL04  8-9-2022"):
    // as many words as labels still pair up.
    const words = [...line.text.matchAll(/\S+/g)];
    if (i >= 0 && words.length === header.segments.length) {
      const w = words[i]!;
      return { text: w[0], start: w.index, end: w.index + w[0].length };
    }
  }
  if (!columnar) return start === (header?.segments[0]?.start ?? 0) ? (line.segments[0] ?? null) : null;
  let best: Segment | null = null;
  let bestOverlap = 0;
  for (const seg of line.segments) {
    const overlap = Math.min(end, seg.end) - Math.max(start, seg.start);
    if (overlap > bestOverlap) {
      best = seg;
      bestOverlap = overlap;
    }
  }
  if (best) return best;
  // Right-aligned numbers can sit just beside their header: accept the nearest within 6 columns.
  let nearest: Segment | null = null;
  let gap = 7;
  for (const seg of line.segments) {
    const d = seg.start >= end ? seg.start - end : start - seg.end;
    if (d >= 0 && d < gap) {
      gap = d;
      nearest = seg;
    }
  }
  return nearest;
}

/** Split a camelCase, snake_case or kebab-case name into lower-case words. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/[_\-.\s]+/g, ' ')
    .trim()
    .toLowerCase()
    .split(' ')
    .filter(Boolean);
}

export function camelCase(label: string): string {
  const words = fold(label)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  if (words.length === 0) return 'field';
  const name = words.map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join('');
  return /^\p{N}/u.test(name) ? `field${name[0]!.toUpperCase()}${name.slice(1)}` : name;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const labelRegexCache = new Map<string, RegExp>();

/**
 * A label phrase as a regular expression over folded text: its words may be joined by spaces,
 * dots, colons, dashes or nothing ("Invoice No.", "invoice-no", "Rechnungsnr").
 */
export function labelRegex(label: string): RegExp {
  let re = labelRegexCache.get(label);
  if (re) return re;
  const tokens = fold(label).match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu) ?? [];
  // Separators within a line only: a label never spans two lines.
  const body = tokens.map(escapeRe).join('[ \\t\\u00a0.:_\\-/]*');
  const last = tokens[tokens.length - 1] ?? '';
  const tail = /[\p{L}\p{N}]$/u.test(last) ? '(?![\\p{L}\\p{N}_])' : '';
  re = new RegExp(`(?<![\\p{L}\\p{N}_])${body}${tail}`, 'gu');
  labelRegexCache.set(label, re);
  return re;
}

export interface LabelHit {
  line: Line;
  start: number;
  end: number;
  label: string;
}

// The folded text of a set of lines, joined, with where each line starts: one regular
// expression run over the whole text is far cheaper than one per line.
const joinedCache = new WeakMap<Line[], { folded: string; starts: number[] }>();
function joined(lines: Line[]): { folded: string; starts: number[] } {
  let j = joinedCache.get(lines);
  if (!j) {
    const starts: number[] = [];
    let at = 0;
    for (const line of lines) {
      starts.push(at);
      at += line.folded.length + 1;
    }
    j = { folded: lines.map((l) => l.folded).join('\n'), starts };
    joinedCache.set(lines, j);
  }
  return j;
}

/** Where the label occurs, in reading order; at most `max` occurrences (repeated page headers add nothing). */
export function findLabel(lines: Line[], label: string, max = 200): LabelHit[] {
  const re = labelRegex(label);
  const { folded, starts } = joined(lines);
  const hits: LabelHit[] = [];
  let lo = 0;
  for (const m of folded.matchAll(re)) {
    // Lines are visited in order, so the search for the match's line only moves forward.
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= m.index) lo = mid;
      else hi = mid - 1;
    }
    const line = lines[lo]!;
    const start = m.index - starts[lo]!;
    hits.push({ line, start, end: start + m[0].length, label });
    if (hits.length >= max) break;
  }
  return hits;
}

/** Separators written between a label and its value. */
export function stripLeadingSeparators(s: string): string {
  return s.replace(/^[\s:#=\-–—.>|°º]*(?:(?:n°|nº|no\.|nr\.?)\s*[:#]?\s*)?/iu, '').trim();
}

/**
 * Whether the text keeps its columns aligned by character position (as `pdftotext -layout`
 * writes it): runs of three or more spaces between words on many lines. Text that only puts two
 * spaces between columns, unaligned, must be read by vocabulary instead of by position.
 */
const columnarCache = new WeakMap<Line[], boolean>();

export function isColumnar(lines: Line[]): boolean {
  const cached = columnarCache.get(lines);
  if (cached !== undefined) return cached;
  let filled = 0;
  let wide = 0;
  for (const line of lines) {
    if (line.segments.length === 0) continue;
    filled++;
    if (/\S {3,}\S/.test(line.text) || /^ {3,}\S/.test(line.text)) wide++;
  }
  const columnar = wide >= 3 && wide >= filled * 0.1;
  columnarCache.set(lines, columnar);
  return columnar;
}
