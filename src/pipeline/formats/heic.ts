// HEIC (HEVC in HEIF), the format phones save photos in: sharp's libvips is built without an
// HEVC decoder, so the primary image is decoded by libheif compiled to WebAssembly (libheif-js)
// and handed on as PNG. Its size is checked before any pixel is decoded, and libheif applies the
// file's own rotation and mirroring, so the picture comes out upright.
//
// libheif-js directly rather than its wrapper heic-decode: libheif-js reports failures with
// console.log, which here would land among the service's JSON log lines. Parsing is synchronous,
// so console.log is taken away for exactly that call (its words become the error's cause); the
// pixels are decoded with the call its own `display` makes, whose failure comes back as a value.
import { createRequire } from 'node:module';
import sharp from 'sharp';
import type { PipelineLimits } from '../types.ts';
import { PipelineError } from '../types.ts';
import { assertImageSize } from './page-limit.ts';

interface HeifImage {
  handle: unknown;
  get_width(): number;
  get_height(): number;
  is_primary(): boolean;
  free(): void;
}
interface Decoded {
  code?: { value: number };
  message?: string;
  image: unknown;
  channels: { id: unknown; width: number; height: number; stride: number; data: Uint8Array }[];
}
/** libheif's embind API, as its own `display` uses it (which logs a failure, and asynchronously). */
interface LibHeif {
  ready: Promise<void>;
  HeifDecoder: new () => { decode(bytes: Uint8Array): HeifImage[]; decoder: { delete(): void } };
  heif_js_decode_image2(handle: unknown, colorspace: unknown, chroma: unknown): Promise<Decoded | null>;
  heif_image_release(image: unknown): void;
  heif_colorspace: { heif_colorspace_RGB: unknown };
  heif_chroma: { heif_chroma_interleaved_RGBA: unknown };
  heif_channel: { heif_channel_interleaved: unknown };
}

const requireCjs = createRequire(import.meta.url);

/**
 * A fresh libheif for each file (10–50 ms to instantiate): a hostile file that aborts the
 * WebAssembly leaves nothing broken for the next one, and the memory a large photo grew it to
 * goes with it.
 */
async function instance(): Promise<LibHeif> {
  const factory = requireCjs('libheif-js/libheif-wasm/libheif-bundle.js') as () => LibHeif;
  const lib = factory();
  await lib.ready;
  return lib;
}

/** The primary image of a HEIC file as PNG, upright; the image's size is checked before decoding. */
export async function heicToPng(bytes: Uint8Array, limits: PipelineLimits): Promise<Buffer> {
  const lib = await instance();
  const decoder = new lib.HeifDecoder();
  const said: string[] = [];
  const log = console.log;
  let images: HeifImage[] = [];
  try {
    console.log = (...args: unknown[]) => said.push(args.map(String).join(' '));
    try {
      images = decoder.decode(bytes);
    } finally {
      console.log = log;
    }
    // The file's primary image (a HEIF may hold others: thumbnails' parents, bursts, edits).
    const primary = images.find((image) => image.is_primary()) ?? images[0];
    if (!primary) {
      throw new PipelineError(
        'corrupt_document',
        'The HEIC image could not be read.',
        { page: 1 },
        {
          cause: new Error(said.join('; ') || 'libheif found no image'),
        },
      );
    }
    const width = primary.get_width();
    const height = primary.get_height();
    assertImageSize(width, height, limits, 1);
    const rgba = await decodeRgba(lib, primary, width, height);
    return await sharp(rgba, { raw: { width, height, channels: 4 } })
      .png({ compressionLevel: 1 })
      .toBuffer();
  } catch (err) {
    if (err instanceof PipelineError) throw err;
    // An abort inside the WebAssembly (its instance is not used again).
    throw new PipelineError(
      'corrupt_document',
      'The HEIC image could not be decoded.',
      { page: 1 },
      { cause: err },
    );
  } finally {
    try {
      for (const image of images) image.free();
      decoder.decoder.delete();
    } catch {
      // The instance aborted; it goes with this file.
    }
  }
}

async function decodeRgba(lib: LibHeif, image: HeifImage, width: number, height: number): Promise<Buffer> {
  let decoded: Decoded | null;
  try {
    decoded = await lib.heif_js_decode_image2(
      image.handle,
      lib.heif_colorspace.heif_colorspace_RGB,
      lib.heif_chroma.heif_chroma_interleaved_RGBA,
    );
  } catch (err) {
    throw new PipelineError(
      'corrupt_document',
      'The HEIC image could not be decoded.',
      { page: 1 },
      { cause: err },
    );
  }
  if (!decoded || decoded.code) {
    throw new PipelineError(
      'corrupt_document',
      'The HEIC image could not be decoded.',
      { page: 1 },
      {
        cause: new Error(decoded?.message ?? 'libheif decoded nothing'),
      },
    );
  }
  try {
    const channel = decoded.channels.find((c) => c.id === lib.heif_channel.heif_channel_interleaved);
    if (!channel || channel.width !== width || channel.height !== height)
      throw new PipelineError('corrupt_document', 'The HEIC image could not be decoded.', { page: 1 });
    // Rows are `stride` bytes apart, which may be more than the row's pixels.
    const rgba = Buffer.alloc(width * height * 4);
    for (let y = 0; y < height; y++) {
      rgba.set(channel.data.subarray(y * channel.stride, y * channel.stride + width * 4), y * width * 4);
    }
    return rgba;
  } finally {
    lib.heif_image_release(decoded.image);
  }
}
