// Reads a zip's central directory without inflating anything, so a DOCX can be recognised
// and a zip bomb refused before any decompression (mammoth's JSZip inflates everything).
import { inflateRawSync } from 'node:zlib';
import { PipelineError } from '../types.ts';

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflate. */
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const U32_MAX = 0xffffffff;

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5);
}

function corrupt(why: string): PipelineError {
  return new PipelineError('corrupt_document', `The zip container is damaged: ${why}.`);
}

/** The entries listed in the central directory. Throws corrupt_document when it cannot be read. */
export function readZipDirectory(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record sits in the last 22 + 65535 (comment) bytes.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw corrupt('no end-of-central-directory record (truncated?)');
  let count = view.getUint16(eocd + 10, true);
  let size = view.getUint32(eocd + 12, true);
  let offset = view.getUint32(eocd + 16, true);
  if ((count === 0xffff || size === U32_MAX || offset === U32_MAX) && eocd >= 20) {
    if (view.getUint32(eocd - 20, true) === ZIP64_LOCATOR) {
      const at = Number(view.getBigUint64(eocd - 12, true));
      if (at + 56 > bytes.length || view.getUint32(at, true) !== ZIP64_EOCD)
        throw corrupt('bad zip64 record');
      count = Number(view.getBigUint64(at + 32, true));
      size = Number(view.getBigUint64(at + 40, true));
      offset = Number(view.getBigUint64(at + 48, true));
    }
  }
  if (offset + size > bytes.length) throw corrupt('central directory out of bounds');
  const decoder = new TextDecoder();
  const entries: ZipEntry[] = [];
  let p = offset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > bytes.length || view.getUint32(p, true) !== CENTRAL)
      throw corrupt('bad central directory entry');
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    if (p + 46 + nameLength + extraLength > bytes.length)
      throw corrupt('central directory entry out of bounds');
    const entry: ZipEntry = {
      name: decoder.decode(bytes.subarray(p + 46, p + 46 + nameLength)),
      method: view.getUint16(p + 10, true),
      compressedSize: view.getUint32(p + 20, true),
      uncompressedSize: view.getUint32(p + 24, true),
      localHeaderOffset: view.getUint32(p + 42, true),
    };
    readZip64Extra(view, p + 46 + nameLength, extraLength, entry);
    entries.push(entry);
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

// Sizes that do not fit 32 bits are 0xFFFFFFFF in the entry and live in the zip64 extra field, in this order.
function readZip64Extra(view: DataView, start: number, length: number, entry: ZipEntry): void {
  const fields = ['uncompressedSize', 'compressedSize', 'localHeaderOffset'] as const;
  if (!fields.some((f) => entry[f] === U32_MAX)) return;
  for (let p = start; p + 4 <= start + length; ) {
    const id = view.getUint16(p, true);
    const size = view.getUint16(p + 2, true);
    if (id === 0x0001) {
      let q = p + 4;
      for (const f of fields) {
        if (entry[f] !== U32_MAX) continue;
        if (q + 8 > p + 4 + size) break;
        entry[f] = Number(view.getBigUint64(q, true));
        q += 8;
      }
      return;
    }
    p += 4 + size;
  }
}

export interface ZipLimits {
  /** Total declared uncompressed size allowed (default 200 MB). */
  maxUncompressedBytes: number;
  /** Largest uncompressed ÷ compressed ratio allowed for the whole archive (default 200). */
  maxRatio: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxUncompressedBytes: 200 * 1024 * 1024, maxRatio: 200 };

/**
 * Refuses a zip whose declared sizes are too large or too compressible, then inflates every
 * entry with an output cap equal to its declared size: a header that lies about the size
 * cannot make the later, unguarded inflation (JSZip in mammoth) blow up.
 */
export function guardZip(
  bytes: Uint8Array,
  entries: ZipEntry[],
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): void {
  let total = 0;
  let compressed = 0;
  for (const e of entries) {
    total += e.uncompressedSize;
    compressed += e.compressedSize;
  }
  const tooLarge = (why: string) =>
    new PipelineError('document_too_large', `The document's zip container is too large: ${why}.`, {
      uncompressedBytes: total,
      compressedBytes: compressed,
      maxUncompressedBytes: limits.maxUncompressedBytes,
    });
  if (total > limits.maxUncompressedBytes) throw tooLarge('it inflates beyond the limit');
  if (total > 1024 * 1024 && total / Math.max(1, compressed) > limits.maxRatio)
    throw tooLarge(`compression ratio ${Math.round(total / Math.max(1, compressed))}:1`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const e of entries) {
    const p = e.localHeaderOffset;
    if (p + 30 > bytes.length || view.getUint32(p, true) !== LOCAL)
      throw corrupt(`bad local header for ${e.name}`);
    const start = p + 30 + view.getUint16(p + 26, true) + view.getUint16(p + 28, true);
    if (start + e.compressedSize > bytes.length) throw corrupt(`${e.name} is cut off`);
    if (e.method !== 8) continue;
    try {
      inflateRawSync(bytes.subarray(start, start + e.compressedSize), {
        maxOutputLength: Math.max(1, e.uncompressedSize),
      });
    } catch (err) {
      if (err instanceof RangeError) throw tooLarge(`${e.name} inflates beyond its declared size`);
      throw corrupt(`${e.name} does not inflate`);
    }
  }
}
