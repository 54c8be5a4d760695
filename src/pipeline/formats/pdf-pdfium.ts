// The text layer of a PDF read with PDFium compiled to WebAssembly (@embedpdf/pdfium): 1.5–3× the
// pages/s of pdf.js's getTextContent on the same files (`npm run bench:pdf-text`). Characters come
// with their origin, advance box and size; they are grouped into word runs and placed in pdf.js's
// viewport space (which applies /Rotate), so pdf-layout.ts sees the same kind of items as before.
// pdf.js stays for everything else (opening, password errors, rendering for OCR) and reads the
// text itself wherever PDFium cannot: a file PDFium does not open, or a page it fails on (after a
// failure inside PDFium its instance is dropped and the rest of the document goes to pdf.js).
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
  let data = 0;
  let doc = 0;
  try {
    data = M.wasmExports.malloc(bytes.byteLength);
    if (!data) return undefined;
    heap().HEAPU8.set(bytes, data);
    doc = P.FPDF_LoadMemDocument(data, bytes.byteLength, password ?? '');
  } catch {
    instance = undefined;
    return undefined;
  }
  if (!doc) {
    M.wasmExports.free(data);
    return undefined;
  }
  // One scratch block for the out-parameters: origin (2 doubles), loose box (4 floats), matrix (6
  // floats), and from NAME_AT a font's name.
  const scratch = M.wasmExports.malloc(NAME_AT + NAME_BYTES);
  let broken = false;
  const call = (name: string, ...args: number[]) => (X[name] as (...a: number[]) => number)(...args);
  return {
    pageCount: P.FPDF_GetPageCount(doc),
    page(index, viewport) {
      if (broken) return undefined;
      try {
        const page = call('FPDF_LoadPage', doc, index);
        if (!page) return undefined;
        const text = call('FPDFText_LoadPage', page);
        const placed = text ? readChars(X, heap, text, scratch, viewport) : undefined;
        if (text) call('FPDFText_ClosePage', text);
        call('FPDF_ClosePage', page);
        if (memory() > MAX_WASM_BYTES)
          throw new PipelineError('document_too_large', 'The PDF needs more memory than a document may use.');
        return placed;
      } catch (err) {
        if (err instanceof PipelineError) throw err;
        // A trap inside PDFium (out of memory, an abort) leaves its heap unknown: not used again.
        broken = true;
        instance = undefined;
        return undefined;
      }
    },
    close() {
      if (broken) return;
      P.FPDF_CloseDocument(doc);
      M.wasmExports.free(scratch);
      M.wasmExports.free(data);
      if (memory() > RECYCLE_WASM_BYTES) instance = undefined;
    },
  };
}

const SPACE = -1;
const BREAK = -2;
/** Words further apart than this many font sizes are separate items, as pdfjs splits them: table cells, columns. */
const MAX_SPACE_EMS = 1;
const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/;
/** Ligatures and presentation forms, which pdf.js also normalises: "ﬁ" reads as "fi". */
const COMPATIBILITY = /[\ufb00-\ufdff\ufe70-\ufeff]/;
/** Per character: code (or SPACE, BREAK), origin x and y, box ends x0 y0 x1 y1 (viewport space), angle, size, face. */
const STRIDE = 10;

/** A font's face as the PDF declares it: how a heading set at the body's size stands out. */
const BOLD = 1;
const ITALIC = 2;
/** 0 for a regular face, else BOLD | ITALIC. */
type Face = number;
/** Base font names of bold faces: "Arial-BoldMT", "Helvetica-Black", TeX's "CMBX10" and cm-super's "SFBX1000". */
const BOLD_NAME = /bold|black|heavy|semibold|demi|[-,]bd|^(?:cm|sf|ec)bx\d/i;
const ITALIC_NAME = /italic|oblique|[-,]it$|^(?:cm|sf|ec)(?:ti|bi|sl)\d/i;
/** PDF font descriptor flags. */
const ITALIC_FLAG = 1 << 6;
const FORCE_BOLD_FLAG = 1 << 18;

type Heap = { HEAPU8: Uint8Array; HEAPF32: Float32Array; HEAPF64: Float64Array };

/** Where in the scratch block a font's base name goes, and its room. */
const NAME_AT = 64;
const NAME_BYTES = 128;
/** PDF base font names are ASCII (PDF names). */
const latin1 = new TextDecoder('latin1');

/** Bold by its name, its weight or its flags; italic by its name or its flags. */
function faceOf(X: Raw, heap: () => Heap, font: number, scratch: number): Face {
  const length = (X.FPDFFont_GetBaseFontName as (f: number, b: number, n: number) => number)(
    font,
    scratch + NAME_AT,
    NAME_BYTES,
  );
  // The subset prefix ("ABCDEF+") says nothing of the face.
  const name =
    length > 1 && length <= NAME_BYTES
      ? latin1
          .decode(heap().HEAPU8.subarray(scratch + NAME_AT, scratch + NAME_AT + length - 1))
          .replace(/^[A-Z]{6}\+/, '')
      : '';
  const weight = (X.FPDFFont_GetWeight as (f: number) => number)(font);
  const flags = Math.max(0, (X.FPDFFont_GetFlags as (f: number) => number)(font));
  const bold = BOLD_NAME.test(name) || weight >= 600 || (flags & FORCE_BOLD_FLAG) !== 0;
  const italic = ITALIC_NAME.test(name) || (flags & ITALIC_FLAG) !== 0;
  return (bold ? BOLD : 0) | (italic ? ITALIC : 0);
}

function readChars(
  X: Raw,
  heap: () => Heap,
  text: number,
  scratch: number,
  [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0]: number[],
): Placed[] {
  // Looked up once: per character, a lookup by name costs as much as PDFium's own work.
  const getUnicode = X.FPDFText_GetUnicode as (t: number, i: number) => number;
  const getOrigin = X.FPDFText_GetCharOrigin as (t: number, i: number, x: number, y: number) => number;
  const getBox = X.FPDFText_GetLooseCharBox as (t: number, i: number, r: number) => number;
  const getMatrix = X.FPDFText_GetMatrix as (t: number, i: number, m: number) => number;
  const getSize = X.FPDFText_GetFontSize as (t: number, i: number) => number;
  const getObject = X.FPDFText_GetTextObject as (t: number, i: number) => number;
  const getFont = X.FPDFTextObj_GetFont as (o: number) => number;
  const faces = new Map<number, Face>();
  const count = (X.FPDFText_CountChars as (t: number) => number)(text);
  const [origin, box, matrix] = [scratch, scratch + 16, scratch + 32];
  const [o8, b4, m4] = [origin / 8, box / 4, matrix / 4];
  const chars = new Float64Array(count * STRIDE);
  const angles = [0, 0, 0, 0];
  let { HEAPF32: f32, HEAPF64: f64 } = heap();
  for (let i = 0; i < count; i++) {
    const at = i * STRIDE;
    const code = getUnicode(text, i);
    // A space (the file's or one PDFium infers) may join two words of one run, as in a pdfjs
    // item; line breaks and unmapped glyphs end the run.
    if (code === 32 || code < 32 || code >= 0xfffe || (code >= 0xd800 && code < 0xe000)) {
      chars[at] = code === 32 ? SPACE : BREAK;
      continue;
    }
    getOrigin(text, i, origin, origin + 8);
    getBox(text, i, box);
    getMatrix(text, i, matrix);
    // A detached view (the heap grew) has length 0.
    if (f64.length === 0) ({ HEAPF32: f32, HEAPF64: f64 } = heap());
    const px = f64[o8] as number;
    const py = f64[o8 + 1] as number;
    const [left, top, right, bottom] = [
      f32[b4] as number,
      f32[b4 + 1] as number,
      f32[b4 + 2] as number,
      f32[b4 + 3] as number,
    ];
    const ma = f32[m4] as number;
    const mb = f32[m4 + 1] as number;
    const quarter = (((Math.round(Math.atan2(b * ma + d * mb, a * ma + c * mb) / (Math.PI / 2)) % 4) + 4) %
      4) as 0 | 1 | 2 | 3;
    angles[quarter] = (angles[quarter] as number) + 1;
    chars[at] = code;
    chars[at + 1] = a * px + c * py + e;
    chars[at + 2] = b * px + d * py + f;
    chars[at + 3] = a * left + c * bottom + e;
    chars[at + 4] = b * left + d * bottom + f;
    chars[at + 5] = a * right + c * top + e;
    chars[at + 6] = b * right + d * top + f;
    chars[at + 7] = quarter;
    chars[at + 8] = getSize(text, i) * Math.hypot(ma, mb) || Math.abs(top - bottom);
    const font = getFont(getObject(text, i));
    let face = faces.get(font);
    if (face === undefined) {
      face = font ? faceOf(X, heap, font, scratch) : 0;
      faces.set(font, face);
    }
    chars[at + 9] = face;
  }
  const dominant = angles.indexOf(Math.max(...angles)) * 90;
  // Turned so the dominant writing direction runs left to right (viewport y points down).
  const upX = (x: number, y: number) =>
    dominant === 90 ? y : dominant === 180 ? -x : dominant === 270 ? -y : x;
  const upY = (x: number, y: number) =>
    dominant === 90 ? -x : dominant === 180 ? -y : dominant === 270 ? x : y;
  const words = new Runs();
  for (let at = 0; at < chars.length; at += STRIDE) {
    const code = chars[at] as number;
    if (code === SPACE) words.space();
    else if (code === BREAK) words.flush();
    else {
      const p = upX(chars[at + 3] as number, chars[at + 4] as number);
      const q = upX(chars[at + 5] as number, chars[at + 6] as number);
      words.add(
        String.fromCodePoint(code),
        upY(chars[at + 1] as number, chars[at + 2] as number),
        Math.min(p, q),
        Math.max(p, q),
        chars[at + 8] as number,
        chars[at + 9] as number,
      );
    }
  }
  words.flush();
  return words.out;
}

/**
 * Characters into runs: same baseline, size and face, touching (either way, for right-to-left scripts),
 * or across a space narrower than MAX_SPACE_EMS.
 */
class Runs {
  out: Placed[] = [];
  private chars: { ch: string; left: number }[] = [];
  private str = '';
  private y = 0;
  private size = 0;
  private face: Face = 0;
  private left = 0;
  private right = 0;
  /** The last character's ends: where the next one must touch. */
  private lastLeft = 0;
  private lastRight = 0;
  private rtl = false;
  private spaced = false;

  space(): void {
    this.spaced = this.chars.length > 0;
  }

  add(ch: string, y: number, left: number, right: number, size: number, face: Face): void {
    if (this.chars.length > 0) {
      const gap = this.spaced ? size * MAX_SPACE_EMS : size * 0.12;
      const joins =
        Math.abs(y - this.y) < size * 0.3 &&
        Math.abs(size - this.size) < 0.5 &&
        face === this.face &&
        (Math.abs(left - this.lastRight) < gap || Math.abs(this.lastLeft - right) < gap);
      if (!joins) this.flush();
      else if (this.spaced) {
        // Between the two words on the page, so that sorting a right-to-left run keeps it there.
        const at = left >= this.lastLeft ? (this.lastRight + left) / 2 : (right + this.lastLeft) / 2;
        this.push(' ', at);
      }
    }
    if (this.chars.length === 0) {
      this.y = y;
      this.size = size;
      this.face = face;
      this.left = left;
      this.right = right;
    }
    this.spaced = false;
    this.push(ch, left);
    this.left = Math.min(this.left, left);
    this.right = Math.max(this.right, right);
    this.lastLeft = left;
    this.lastRight = right;
    if (!this.rtl && RTL.test(ch)) this.rtl = true;
  }

  private push(ch: string, left: number): void {
    this.chars.push({ ch, left });
    this.str += ch;
  }

  flush(): void {
    if (this.chars.length > 0) {
      // A right-to-left word's string is in reading order, which is right to left on the page.
      let str = this.rtl
        ? [...this.chars]
            .sort((p, q) => q.left - p.left)
            .map((c) => c.ch)
            .join('')
        : this.str;
      str = str.trimEnd();
      if (COMPATIBILITY.test(str)) str = str.normalize('NFKC');
      this.out.push({
        str,
        rtl: this.rtl,
        x: this.left,
        y: this.y,
        width: this.right - this.left,
        size: this.size,
        bold: (this.face & BOLD) !== 0,
        italic: (this.face & ITALIC) !== 0,
      });
    }
    this.chars = [];
    this.str = '';
    this.rtl = false;
    this.spaced = false;
  }
}
