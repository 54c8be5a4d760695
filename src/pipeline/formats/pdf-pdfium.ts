// The text layer of a PDF read with PDFium compiled to WebAssembly (@embedpdf/pdfium): 2–3× the
// pages/s of pdf.js's getTextContent on the same files (`npm run bench:pdf-text`). Characters come
// with their origin, advance box and size; they are grouped into word runs and placed in pdf.js's
// viewport space (which applies /Rotate), so pdf-layout.ts sees the same kind of items as before.
// pdf.js stays for everything else (opening, password errors, rendering for OCR) and reads the
// text itself wherever PDFium cannot.
//
// Memory: the WebAssembly heap is outside V8's, so the pool's heap cap does not bound it. Past
// MAX_WASM_BYTES a document fails with document_too_large, and an instance that grew past
// RECYCLE_WASM_BYTES is dropped after its document so the next one starts small again.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { PipelineError } from '../types.ts';
import type { Placed } from './pdf-layout.ts';

type Pdfium = Awaited<ReturnType<typeof import('@embedpdf/pdfium').init>>;
/** PDFium's C functions as the module exports them: per character, the wrapper's marshalling costs more than PDFium. */
type Raw = Record<string, (...args: number[]) => number>;

const MAX_WASM_BYTES = 1024 * 1024 * 1024;
const RECYCLE_WASM_BYTES = 256 * 1024 * 1024;

const require = createRequire(import.meta.url);
let instance: Promise<Pdfium> | undefined;

function loadPdfium(): Promise<Pdfium> {
  instance ??= (async () => {
    const { init } = await import('@embedpdf/pdfium');
    const wasm = readFileSync(require.resolve('@embedpdf/pdfium/pdfium.wasm'));
    const pdfium = await init({
      wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength),
    });
    pdfium.PDFiumExt_Init();
    return pdfium;
  })();
  instance.catch(() => {
    instance = undefined;
  });
  return instance;
}

export interface PdfiumDocument {
  pageCount: number;
  /** The page's text as placed items in pdf.js's viewport space (y downwards); undefined where PDFium cannot read it. */
  page(index: number, viewport: number[]): Placed[] | undefined;
  close(): void;
}

/** Opens the document in PDFium; undefined when PDFium cannot (pdf.js then reads the text). */
export async function openPdfium(
  bytes: Uint8Array,
  password: string | undefined,
): Promise<PdfiumDocument | undefined> {
  let P: Pdfium;
  try {
    P = await loadPdfium();
  } catch {
    return undefined;
  }
  const M = P.pdfium;
  const X = M.wasmExports as unknown as Raw;
  const heap = () => M as unknown as { HEAPU8: Uint8Array; HEAPF32: Float32Array; HEAPF64: Float64Array };
  const memory = () => heap().HEAPU8.byteLength;
  const data = M.wasmExports.malloc(bytes.byteLength);
  if (!data) return undefined;
  heap().HEAPU8.set(bytes, data);
  const doc = P.FPDF_LoadMemDocument(data, bytes.byteLength, password ?? '');
  if (!doc) {
    M.wasmExports.free(data);
    return undefined;
  }
  // One scratch block for the out-parameters: origin (2 doubles), loose box (4 floats), matrix (6 floats).
  const scratch = M.wasmExports.malloc(16 + 16 + 24);
  const call = (name: string, ...args: number[]) => (X[name] as (...a: number[]) => number)(...args);
  return {
    pageCount: P.FPDF_GetPageCount(doc),
    page(index, viewport) {
      const page = call('FPDF_LoadPage', doc, index);
      if (!page) return undefined;
      const text = call('FPDFText_LoadPage', page);
      const placed = text ? readChars(call, heap, text, scratch, viewport) : undefined;
      if (text) call('FPDFText_ClosePage', text);
      call('FPDF_ClosePage', page);
      if (memory() > MAX_WASM_BYTES)
        throw new PipelineError('document_too_large', 'The PDF needs more memory than a document may use.');
      return placed;
    },
    close() {
      P.FPDF_CloseDocument(doc);
      M.wasmExports.free(scratch);
      M.wasmExports.free(data);
      if (memory() > RECYCLE_WASM_BYTES) instance = undefined;
    },
  };
}

interface Char {
  ch: string;
  /** Origin and the advance box's ends, in viewport space. */
  ox: number;
  oy: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  angle: number;
  size: number;
}

const SPACE = 'space';
/** Words further apart than this many font sizes are separate items, as pdfjs splits them: table cells, columns. */
const MAX_SPACE_EMS = 1;
const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/;
/** Ligatures and presentation forms, which pdf.js also normalises: "ﬁ" reads as "fi". */
const COMPATIBILITY = /[\ufb00-\ufdff\ufe70-\ufeff]/;

function readChars(
  call: (name: string, ...args: number[]) => number,
  heap: () => { HEAPF32: Float32Array; HEAPF64: Float64Array },
  text: number,
  scratch: number,
  [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0]: number[],
): Placed[] {
  const count = call('FPDFText_CountChars', text);
  const [origin, box, matrix] = [scratch, scratch + 16, scratch + 32];
  const chars: (Char | typeof SPACE | undefined)[] = [];
  for (let i = 0; i < count; i++) {
    const code = call('FPDFText_GetUnicode', text, i);
    // A space (the file's or one PDFium infers) may join two words of one run, as in a pdfjs
    // item; line breaks and unmapped glyphs end the run.
    if (code === 32) {
      chars.push(SPACE);
      continue;
    }
    if (code < 32 || code >= 0xfffe || (code >= 0xd800 && code < 0xe000)) {
      chars.push(undefined);
      continue;
    }
    call('FPDFText_GetCharOrigin', text, i, origin, origin + 8);
    call('FPDFText_GetLooseCharBox', text, i, box);
    call('FPDFText_GetMatrix', text, i, matrix);
    const f64 = heap().HEAPF64;
    const f32 = heap().HEAPF32;
    const [px, py] = [f64[origin / 8] ?? 0, f64[origin / 8 + 1] ?? 0];
    const [left, top, right, bottom] = [
      f32[box / 4],
      f32[box / 4 + 1],
      f32[box / 4 + 2],
      f32[box / 4 + 3],
    ].map((v) => v ?? 0) as [number, number, number, number];
    const [ma, mb] = [f32[matrix / 4] ?? 1, f32[matrix / 4 + 1] ?? 0];
    const dx = a * ma + c * mb;
    const dy = b * ma + d * mb;
    const angle = Math.round((Math.atan2(dy, dx) * 180) / Math.PI / 90) * 90;
    const nominal = call('FPDFText_GetFontSize', text, i);
    chars.push({
      ch: String.fromCodePoint(code),
      ox: a * px + c * py + e,
      oy: b * px + d * py + f,
      x0: a * left + c * bottom + e,
      y0: b * left + d * bottom + f,
      x1: a * right + c * top + e,
      y1: b * right + d * top + f,
      angle: ((angle % 360) + 360) % 360,
      size: nominal * Math.hypot(ma, mb) || Math.abs(top - bottom),
    });
  }
  const angles = new Map<number, number>();
  for (const ch of chars) if (ch && ch !== SPACE) angles.set(ch.angle, (angles.get(ch.angle) ?? 0) + 1);
  const dominant = [...angles.entries()].sort((p, q) => q[1] - p[1])[0]?.[0] ?? 0;
  // Turned so the dominant writing direction runs left to right (viewport y points down).
  const up = (x: number, y: number): [number, number] =>
    dominant === 90 ? [y, -x] : dominant === 180 ? [-x, -y] : dominant === 270 ? [-y, x] : [x, y];
  return runs(
    chars.map((ch) => {
      if (!ch || ch === SPACE) return ch;
      const [x, y] = up(ch.ox, ch.oy);
      const [p] = up(ch.x0, ch.y0);
      const [q] = up(ch.x1, ch.y1);
      return { ch: ch.ch, x, y, left: Math.min(p, q), right: Math.max(p, q), size: ch.size };
    }),
  );
}

interface Upright {
  ch: string;
  x: number;
  y: number;
  left: number;
  right: number;
  size: number;
}

/**
 * Characters into runs: same baseline and size, touching (either way, for right-to-left scripts),
 * or across a space narrower than MAX_SPACE_EMS.
 */
function runs(chars: (Upright | typeof SPACE | undefined)[]): Placed[] {
  const out: Placed[] = [];
  let run: Upright[] = [];
  let spaced = false;
  const flush = () => {
    if (run.length === 0) return;
    const rtl = run.some((c) => RTL.test(c.ch));
    // A right-to-left word's string is in reading order, which is right to left on the page.
    const ordered = rtl ? [...run].sort((p, q) => q.left - p.left) : run;
    let str = ordered.map((c) => c.ch).join('');
    str = str.replace(/\s+$/, '');
    if (COMPATIBILITY.test(str)) str = str.normalize('NFKC');
    const left = Math.min(...run.map((c) => c.left));
    const first = run[0] as Upright;
    out.push({
      str,
      rtl,
      x: left,
      y: first.y,
      width: Math.max(...run.map((c) => c.right)) - left,
      size: first.size,
    });
    run = [];
    spaced = false;
  };
  for (const ch of chars) {
    if (ch === SPACE) {
      spaced = run.length > 0;
      continue;
    }
    if (!ch) {
      flush();
      continue;
    }
    const last = run[run.length - 1];
    const gap = spaced ? ch.size * MAX_SPACE_EMS : ch.size * 0.12;
    const joins =
      last &&
      Math.abs(ch.y - last.y) < ch.size * 0.3 &&
      Math.abs(ch.size - last.size) < 0.5 &&
      (Math.abs(ch.left - last.right) < gap || Math.abs(last.left - ch.right) < gap);
    if (!joins) flush();
    else if (spaced) {
      // Between the two words on the page, so that sorting a right-to-left run keeps it there.
      const at = ch.left >= last.left ? (last.right + ch.left) / 2 : (ch.right + last.left) / 2;
      run.push({ ...ch, ch: ' ', left: at, right: at });
    }
    spaced = false;
    run.push(ch);
  }
  flush();
  return out;
}
