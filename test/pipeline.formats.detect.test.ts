import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../src/pipeline/formats/detect.ts';
import { PipelineError } from '../src/pipeline/types.ts';
import { docx, makeZip, pngClaiming, textImage, textPdf } from '../testkit/format-fixtures.ts';

function failureOf(fn: () => unknown): PipelineError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(PipelineError);
    return err as PipelineError;
  }
  throw new Error('expected a PipelineError');
}

describe('detectFormat', () => {
  it('recognises binary formats by their bytes', async () => {
    const png = await textImage(['x']);
    const sharp = (await import('sharp')).default;
    expect(detectFormat(await textPdf([{ lines: ['hi'] }]))).toEqual({
      kind: 'pdf',
      mimeType: 'application/pdf',
    });
    expect(detectFormat(png).kind).toBe('png');
    expect(detectFormat(await sharp(png).jpeg().toBuffer())).toEqual({
      kind: 'jpeg',
      mimeType: 'image/jpeg',
    });
    expect(detectFormat(await sharp(png).tiff().toBuffer()).kind).toBe('tiff');
    expect(detectFormat(await sharp(png).webp().toBuffer())).toEqual({
      kind: 'webp',
      mimeType: 'image/webp',
    });
    expect(detectFormat(await sharp(png).avif().toBuffer())).toEqual({
      kind: 'avif',
      mimeType: 'image/avif',
    });
    // A phone's photo: HEVC in HEIF (made with libheif's heif-enc; see test/fixtures/images/README.md).
    expect(detectFormat(readFileSync(new URL('fixtures/images/remit.heic', import.meta.url)))).toEqual({
      kind: 'heic',
      mimeType: 'image/heic',
    });
    // An ISO-media file that is neither (an MP4's ftyp) is no image.
    const mp4 = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypisom\0\0\0\0isommp41')]);
    expect(failureOf(() => detectFormat(mp4)).code).toBe('unsupported_format');
    expect(detectFormat(docx())).toEqual({
      kind: 'docx',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    });
  });

  it('finds a PDF header after leading junk', () => {
    expect(detectFormat(Buffer.from('\n\n  %PDF-1.7\n...')).kind).toBe('pdf');
  });

  it('tells HTML, Markdown and plain text apart', () => {
    const kind = (s: string) => detectFormat(Buffer.from(s)).kind;
    expect(kind('<!DOCTYPE html><html><body><p>Hi</p></body></html>')).toBe('html');
    expect(kind('  <html lang="en"><head><title>t</title></head></html>')).toBe('html');
    expect(kind('<div><p>One</p><p>Two</p><ul><li>x</li></ul></div>')).toBe('html');
    expect(kind('# Title\n\nSome text with a [link](https://example.com).')).toBe('markdown');
    expect(kind('Intro\n\n| a | b |\n|---|---|\n| 1 | 2 |\n')).toBe('markdown');
    expect(kind('```js\nconst x = 1;\n```\n')).toBe('markdown');
    expect(kind('Dear Sir,\n\nPlease find the invoice attached. Total: 12.50 EUR.\n\nRegards')).toBe('text');
    expect(kind('Price is 5 < 7 and 9 > 3, so the order holds.')).toBe('text');
    expect(detectFormat(Buffer.from('Grüße aus Köln — naïve café', 'utf8'))).toEqual({
      kind: 'text',
      mimeType: 'text/plain',
    });
    expect(detectFormat(Buffer.from('\ufeffUTF-16 text with a BOM', 'utf16le')).kind).toBe('text');
    // A legacy Windows-1252 file (é = 0xE9) is still text.
    expect(
      detectFormat(Buffer.from('Caf\xe9 cr\xe8me, r\xe9sum\xe9 of the meeting notes', 'latin1')).kind,
    ).toBe('text');
  });

  it('refuses what it does not know with unsupported_format', () => {
    expect(failureOf(() => detectFormat(new Uint8Array(0))).code).toBe('unsupported_format');
    expect(failureOf(() => detectFormat(randomBytes(4096))).code).toBe('unsupported_format');
    expect(failureOf(() => detectFormat(Buffer.from('GIF89a\x01\x00\x01\x00'))).code).toBe(
      'unsupported_format',
    );
    expect(failureOf(() => detectFormat(Buffer.from('   \n\t  '))).code).toBe('unsupported_format');
    // Text with many control characters is binary.
    expect(failureOf(() => detectFormat(Buffer.from('ab\x01\x02\x03\x04cd\x05\x06\x07\x08'))).code).toBe(
      'unsupported_format',
    );
    // Neither UTF-8 nor plausible Windows-1252: mostly high bytes.
    expect(
      failureOf(() => detectFormat(Buffer.from([0x48, 0x69, 0xc3, 0x28, 0xa0, 0xa1, 0xe9, 0xe8]))).code,
    ).toBe('unsupported_format');
  });

  it('refuses a zip that is not a DOCX, and a broken zip as corrupt', () => {
    const zip = makeZip([{ name: 'hello.txt', data: 'hello' }]);
    expect(failureOf(() => detectFormat(zip)).code).toBe('unsupported_format');
    expect(failureOf(() => detectFormat(docx().subarray(0, 200))).code).toBe('corrupt_document');
  });

  it('reads only the header of an image: a huge claimed size is still detected at once', () => {
    const started = performance.now();
    expect(detectFormat(pngClaiming(100_000, 100_000)).kind).toBe('png');
    expect(performance.now() - started).toBeLessThan(50);
  });
});
