// Format detection from the bytes alone (docs/contract.md, "Creating jobs"): the filename is never trusted.
// Cheap and synchronous, since the API calls it at upload to set Document.mimeType.
import { PipelineError } from '../types.ts';
import { isZip, readZipDirectory } from './zip.ts';

export const FORMAT_KINDS = [
  'pdf',
  'png',
  'jpeg',
  'tiff',
  'webp',
  'heic',
  'avif',
  'docx',
  'html',
  'markdown',
  'text',
] as const;
export type FormatKind = (typeof FORMAT_KINDS)[number];

export const MIME_TYPES: Record<FormatKind, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpeg: 'image/jpeg',
  tiff: 'image/tiff',
  webp: 'image/webp',
  heic: 'image/heic',
  avif: 'image/avif',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  html: 'text/html',
  markdown: 'text/markdown',
  text: 'text/plain',
};

export interface DetectedFormat {
  kind: FormatKind;
  mimeType: string;
}

/** How much of a text file is looked at to classify it. */
const SNIFF_BYTES = 64 * 1024;

function startsWith(bytes: Uint8Array, signature: number[], at = 0): boolean {
  return signature.every((b, i) => bytes[at + i] === b);
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, Math.min(end, bytes.length)));
}

function detected(kind: FormatKind): DetectedFormat {
  return { kind, mimeType: MIME_TYPES[kind] };
}

const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx']);
const AVIF_BRANDS = new Set(['avif', 'avis']);

/**
 * A HEIF file (ISO base media: an `ftyp` box first) by its brands: AV1 inside is AVIF, HEVC is
 * HEIC (a phone's photo). `mif1`/`msf1` alone say only "HEIF"; the compatible brands tell which.
 */
function heifKind(bytes: Uint8Array): 'heic' | 'avif' | undefined {
  if (bytes.length < 16 || ascii(bytes, 4, 8) !== 'ftyp') return undefined;
  const size = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0);
  const end = Math.min(bytes.length, size >= 16 && size <= 4096 ? size : 16);
  const brands = [ascii(bytes, 8, 12)];
  for (let at = 16; at + 4 <= end; at += 4) brands.push(ascii(bytes, at, at + 4));
  if (brands.some((b) => AVIF_BRANDS.has(b))) return 'avif';
  if (brands.some((b) => HEIC_BRANDS.has(b))) return 'heic';
  return undefined;
}

/** Throws PipelineError('unsupported_format') for anything it does not recognise, an empty file included. */
export function detectFormat(bytes: Uint8Array): DetectedFormat {
  if (bytes.length === 0) throw new PipelineError('unsupported_format', 'The document is empty.');
  // Readers accept junk before the header, so the PDF marker may sit anywhere in the first KB.
  if (ascii(bytes, 0, 1024).includes('%PDF-')) return detected('pdf');
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return detected('png');
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return detected('jpeg');
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a]))
    return detected('tiff');
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return detected('webp');
  const heif = heifKind(bytes);
  if (heif) return detected(heif);
  if (isZip(bytes)) {
    const names = readZipDirectory(bytes).map((e) => e.name);
    if (names.includes('word/document.xml')) return detected('docx');
    throw new PipelineError(
      'unsupported_format',
      'The document is a zip archive but not a DOCX (no word/document.xml).',
    );
  }
  const text = decodeTextPrefix(bytes);
  if (text === undefined) {
    throw new PipelineError(
      'unsupported_format',
      'The document is not a supported format: PDF, PNG, JPEG, TIFF, WebP, HEIC, AVIF, DOCX, HTML, Markdown or plain UTF-8 text.',
    );
  }
  if (looksLikeHtml(text)) return detected('html');
  if (looksLikeMarkdown(text)) return detected('markdown');
  return detected('text');
}

type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/**
 * The start of the text when the bytes are text: UTF-8, BOM-marked UTF-16, or (legacy files)
 * Windows-1252, with few control characters.
 */
function decodeTextPrefix(bytes: Uint8Array): string | undefined {
  const encoding = textEncoding(bytes);
  const text = decodePrefix(bytes, encoding);
  if (text === undefined || text.trim().length === 0) return undefined;
  let control = 0;
  let high = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return undefined;
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || c === 0x7f) control++;
    if (c > 0x7f) high++;
  }
  if (control > Math.max(1, text.length * 0.01)) return undefined;
  // Any byte string decodes as Windows-1252: only mostly-ASCII text with a few accents is believed.
  if (encoding === 'windows-1252' && (control > 0 || high > text.length * 0.2)) return undefined;
  return text;
}

function decodePrefix(bytes: Uint8Array, encoding: TextEncoding): string | undefined {
  try {
    // stream: true tolerates a multi-byte character cut at the end of the sniffed prefix.
    return new TextDecoder(encoding, { fatal: true }).decode(bytes.subarray(0, SNIFF_BYTES), {
      stream: true,
    });
  } catch {
    return undefined;
  }
}

/** The encoding a text file is read in: a UTF-16 BOM, else UTF-8 when its start is valid UTF-8, else Windows-1252. */
export function textEncoding(bytes: Uint8Array): TextEncoding {
  if (startsWith(bytes, [0xff, 0xfe])) return 'utf-16le';
  if (startsWith(bytes, [0xfe, 0xff])) return 'utf-16be';
  return decodePrefix(bytes, 'utf-8') === undefined ? 'windows-1252' : 'utf-8';
}

/** The whole document as text (BOM dropped). */
export function decodeText(bytes: Uint8Array): string {
  return new TextDecoder(textEncoding(bytes)).decode(bytes);
}

const HTML_START =
  /^(?:\s|<!--[\s\S]*?-->|<\?xml[^>]*>)*<(?:!doctype\s+html|html|head|body|meta|title|link|style)\b/i;
const HTML_TAGS = /<(?:html|body|div|table|p|span|br|h[1-6]|ul|ol|li|a\s[^>]*href)\b[^>]*>/gi;

function looksLikeHtml(text: string): boolean {
  if (HTML_START.test(text)) return true;
  // A fragment that opens with a tag and is mostly markup (Markdown may embed a little HTML).
  const head = text.slice(0, 4096);
  if (!/^\s*</.test(head)) return false;
  const tags = head.match(HTML_TAGS)?.length ?? 0;
  return tags >= 3;
}

const STRONG_MD = [
  /^#{1,6}\s+\S/m, // ATX heading
  /^(?:```|~~~)/m, // fenced code
  /^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$/m, // table delimiter row
  /\[[^\]\n]+\]\((?:https?:\/\/|\/|#|\.)[^)\s]*\)/, // inline link
  /^\S.*\n(?:={3,}|-{3,})\s*$/m, // setext heading
];
const WEAK_MD = [
  /^\s{0,3}[-*+]\s+\S/gm, // bullet
  /^\s{0,3}\d{1,3}[.)]\s+\S/gm, // numbered item
  /^>\s?\S/gm, // quote
  /\*\*[^*\n]+\*\*|__[^_\n]+__/g, // strong
  /`[^`\n]+`/g, // inline code
];

function looksLikeMarkdown(text: string): boolean {
  const head = text.slice(0, SNIFF_BYTES);
  if (STRONG_MD.some((re) => re.test(head))) return true;
  let weak = 0;
  for (const re of WEAK_MD) weak += head.match(re)?.length ?? 0;
  return weak >= 3;
}
