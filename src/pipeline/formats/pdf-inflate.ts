// Decompression bombs in PDFs. pdfjs inflates FlateDecode streams lazily, inside its own code,
// with no bound: a 1 MB file whose content stream inflates to 1 GiB ran for 40 s and took the
// process to 6 GB. Before pdfjs sees the file, every zlib stream in it is inflated here with an
// output cap, and the document fails with document_too_large once a stream or the whole file
// inflates past its budget.
//
// The scan trusts nothing in the file's dictionaries (/Length, /Filter, /Subtype can all lie):
// it tries every `stream` keyword, inflating from there over the rest of the file (zlib stops
// at the end of its own data), and a stream that is not zlib fails its header check at once.
// A stream whose output is itself zlib (a [/FlateDecode /FlateDecode] chain) is inflated again
// within the same budget. Not covered: streams of an encrypted PDF (the scan sees ciphertext);
// for those the pipeline thread's memory cap (pool.ts) is what holds.
import { constants, createInflate, inflateSync } from 'node:zlib';
import { PipelineError } from '../types.ts';

export interface InflateLimits {
  /** Bytes one stream may inflate to (default 256 MiB). */
  maxStreamBytes: number;
  /** Bytes all the streams of a document may inflate to together (default 1 GiB). */
  maxDocumentBytes: number;
}

export const DEFAULT_INFLATE_LIMITS: InflateLimits = {
  maxStreamBytes: 256 * 1024 * 1024,
  maxDocumentBytes: 1024 * 1024 * 1024,
};

/** Chained flate filters followed at most this deep. */
const MAX_CHAIN = 4;
/**
 * Output kept in memory to look for a chained filter; beyond it a stream is only counted, so the
 * scan's own memory stays flat. A chain's inner layers are small (deflate gives at most ~1000:1),
 * so a stream larger than this whose output is zlib again is refused.
 */
const KEEP_BYTES = 16 * 1024 * 1024;

export async function assertInflateWithin(
  bytes: Uint8Array,
  limits: InflateLimits = DEFAULT_INFLATE_LIMITS,
): Promise<void> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let total = 0;
  let streams = 0;
  const tooLarge = (why: string) =>
    new PipelineError('document_too_large', `The PDF inflates too far: ${why}.`, {
      inflatedBytes: total,
      compressedBytes: bytes.byteLength,
      maxStreamBytes: limits.maxStreamBytes,
      maxDocumentBytes: limits.maxDocumentBytes,
    });
  for (let at = buf.indexOf('stream'); at !== -1; at = buf.indexOf('stream', at + 6)) {
    if (at >= 3 && buf.toString('latin1', at - 3, at) === 'end') continue;
    let start = at + 6;
    if (buf[start] === 0x0d) start++;
    if (buf[start] === 0x0a) start++;
    streams++;
    let input: Buffer = buf.subarray(start);
    for (let depth = 0; depth < MAX_CHAIN && isZlib(input); depth++) {
      const cap = Math.min(limits.maxStreamBytes, limits.maxDocumentBytes - total);
      const out = inflateKept(input);
      if (out) {
        if (out.length > cap) throw tooLarge(budgetPassed(cap, limits, streams));
        total += out.length;
        input = out;
        continue;
      }
      const counted = await countInflated(input, cap);
      total += Math.min(counted.bytes, cap);
      if (counted.bytes > cap) throw tooLarge(budgetPassed(cap, limits, streams));
      if (counted.zlib) throw tooLarge(`stream ${streams} chains a large flate layer into another`);
      break;
    }
  }
}

function budgetPassed(cap: number, limits: InflateLimits, stream: number): string {
  return cap < limits.maxStreamBytes
    ? `its streams together pass ${limits.maxDocumentBytes} bytes`
    : `stream ${stream} passes ${limits.maxStreamBytes} bytes`;
}

/** The stream's output when it is at most KEEP_BYTES, or null when it is larger (or not zlib). */
function inflateKept(input: Buffer): Buffer | null {
  try {
    // A cut-off stream still gives what it holds (pdfjs reads it too); zlib stops at its own end.
    return inflateSync(input, { maxOutputLength: KEEP_BYTES, finishFlush: constants.Z_SYNC_FLUSH });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return null;
    return Buffer.alloc(0); // not zlib after all, or corrupt: pdfjs will make of it what it can
  }
}

/** Counts a large stream's output a chunk at a time, stopping past `cap`; keeps none of it. */
async function countInflated(input: Buffer, cap: number): Promise<{ bytes: number; zlib: boolean }> {
  const inflate = createInflate({ finishFlush: constants.Z_SYNC_FLUSH, chunkSize: 256 * 1024 });
  inflate.end(input);
  let bytes = 0;
  let zlib = false;
  try {
    for await (const chunk of inflate as AsyncIterable<Buffer>) {
      if (bytes === 0) zlib = isZlib(chunk);
      bytes += chunk.length;
      if (bytes > cap) break;
    }
  } catch {
    // corrupt past some point: what came out is what pdfjs would get too
  } finally {
    inflate.destroy();
  }
  return { bytes, zlib };
}

/** A zlib header (RFC 1950): deflate, a window of at most 32 KiB, a valid check value. */
function isZlib(b: Buffer): boolean {
  if (b.length < 2) return false;
  const cmf = b[0] as number;
  const flg = b[1] as number;
  return (cmf & 0x0f) === 8 && cmf >> 4 <= 7 && (cmf * 256 + flg) % 31 === 0;
}
