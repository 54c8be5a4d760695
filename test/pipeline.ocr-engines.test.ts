// The second OCR engine (PaddleOCR PP-OCRv4 on onnxruntime-node) and options.ocrEngine: the
// pure parts (DB boxes, CTC spaces) on data the test builds, both engines on a page the test
// renders, and the option through the front door.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeOcr, extractDocument } from '../src/pipeline/formats/index.ts';
import { calibratedPaddleConfidence, readsBetter } from '../src/pipeline/formats/ocr-engine.ts';
import { halfWidth, paddleOcr } from '../src/pipeline/formats/ocr-paddle.ts';
import { dbBoxes } from '../src/pipeline/formats/paddle-boxes.ts';
import { type DecodedChar, restoreSpaces, withoutSlivers } from '../src/pipeline/formats/paddle-ctc.ts';
import { createPipelinePool } from '../src/pipeline/pool.ts';
import { dataUrl } from '../testkit/fixtures.ts';
import { LIMITS, noop, OPTIONS, textImage } from '../testkit/format-fixtures.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';

afterAll(closeOcr);

const LINES = ['JOHOR BAHRU CITY SQUARE', 'Total amount due 50.91'];
const words = (s: string | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

describe('DB post-processing', () => {
  it('finds one box per text region, grown around its core, level or turned', () => {
    const width = 200;
    const height = 120;
    const map = new Float32Array(width * height);
    const fill = (inside: (x: number, y: number) => boolean) => {
      for (let y = 0; y < height; y++)
        for (let x = 0; x < width; x++) if (inside(x, y)) map[y * width + x] = 0.9;
    };
    fill((x, y) => x >= 20 && x < 120 && y >= 10 && y < 20); // a level line 100 × 10
    // A line turned by 30°: points within 4 px of a 60 px segment from (60, 80).
    const [ux, uy] = [Math.cos(Math.PI / 6), Math.sin(Math.PI / 6)];
    fill((x, y) => {
      const u = (x - 60) * ux + (y - 80) * uy;
      const v = -(x - 60) * uy + (y - 80) * ux;
      return u >= 0 && u <= 60 && Math.abs(v) <= 4;
    });
    const boxes = dbBoxes(map, width, height);
    expect(boxes).toHaveLength(2);
    const [level, turned] = boxes;
    expect(level).toMatchObject({ ux: 1, uy: 0 });
    expect(level?.cx).toBeCloseTo(70, 0);
    expect(level?.cy).toBeCloseTo(15, 0);
    // Unclip grows each side by area × 1.5 ÷ perimeter (100 × 10 → 6.8 px).
    expect(level?.halfWidth).toBeCloseTo(50 + 6.8, 0);
    expect(level?.halfHeight).toBeCloseTo(5 + 6.8, 0);
    expect(Math.atan2(turned?.uy ?? 0, turned?.ux ?? 0)).toBeCloseTo(Math.PI / 6, 1);
  });

  it('drops faint regions and specks', () => {
    const map = new Float32Array(50 * 50).fill(0);
    for (let i = 0; i < 50 * 10; i++) map[i] = 0.4; // above the pixel threshold, below the box threshold
    map[45 * 50 + 45] = 0.99; // one pixel
    expect(dbBoxes(map, 50, 50)).toEqual([]);
  });
});

describe('fullwidth forms', () => {
  it('are read as the ASCII characters they stand for; other scripts are left alone', () => {
    expect(halfWidth('(M）SDN BHD，ＲＭ１２．５０')).toBe('(M)SDN BHD,RM12.50');
    expect(halfWidth('Straße 東京 ÄÖÜ')).toBe('Straße 東京 ÄÖÜ');
  });
});

describe('AUTO between two weak readings', () => {
  const reading = (engine: 'TESSERACT' | 'PADDLE', text: string, confidence: number) => ({
    text,
    confidence,
    engine,
    rotation: 0 as const,
    width: 100,
    height: 100,
    lines: [],
    words: [],
  });
  it('keeps tesseract when PaddleOCR was no surer and read hardly more', () => {
    const tesseract = reading('TESSERACT', 'LIAN BAKERY (M) SDN BHD\nTOTAL 57.30', 0.83);
    expect(readsBetter(tesseract, reading('PADDLE', '1 I B\\RY (M BH1)\n1OTAL: 60.00', 0.79))).toBe(true);
    // PaddleOCR surer, or reading much more of the page (tesseract left lines out): PaddleOCR.
    expect(readsBetter(tesseract, reading('PADDLE', 'LIAN BAKERY (M) SDN BHD\nTOTAL 57.30', 0.93))).toBe(
      false,
    );
    expect(
      readsBetter(tesseract, reading('PADDLE', `${tesseract.text}\n${'CASH BILL 12.00\n'.repeat(5)}`, 0.8)),
    ).toBe(false);
  });
});

describe('PaddleOCR confidence on tesseract’s scale', () => {
  // "KEDAI:0.988 TOTAL:0.97": words with their confidences.
  const reading = (engine: 'TESSERACT' | 'PADDLE', spec: string) => {
    const words = spec.split(' ').map((w) => {
      const [text = '', confidence = '0'] = w.split(':');
      return { text, confidence: Number(confidence), box: { x: 0, y: 0, width: 10, height: 10 }, line: 0 };
    });
    return {
      text: words.map((w) => w.text).join(' '),
      confidence: words.reduce((s, w) => s + w.confidence, 0) / words.length,
      engine,
      rotation: 0 as const,
      width: 100,
      height: 100,
      lines: [],
      words,
    };
  };
  const paddle = reading('PADDLE', 'KEDAI:0.988 RUNCIT:0.993 TOTAL:0.97 22.40:1');

  it('is lower than PaddleOCR’s own where no second reading vouches for the words', () => {
    // Of the characters PaddleOCR reads at 0.95-0.995, a quarter are in wrong words.
    const alone = calibratedPaddleConfidence(paddle);
    expect(alone).toBeLessThan(paddle.confidence - 0.08);
    expect(alone).toBeGreaterThan(0.8);
  });

  it('is high where tesseract read the same words, and low where it read them otherwise', () => {
    const same = reading('TESSERACT', 'KEDAI:0.88 RUNCIT:0.88 TOTAL:0.96 22.40:0.96');
    expect(calibratedPaddleConfidence(paddle, same)).toBeGreaterThan(0.97);
    const other = reading('TESSERACT', 'KEDA1:0.5 RUNClT:0.5 T0TAL:0.5 22.40:0.9');
    expect(calibratedPaddleConfidence(paddle, other)).toBeLessThan(0.5);
  });
});

describe('CTC spaces', () => {
  const at = (text: string, steps: number[]): DecodedChar[] =>
    [...text].map((char, i) => ({ char, confidence: 0.9, from: steps[i] ?? 0, to: steps[i] ?? 0 }));
  const join = (chars: DecodedChar[]) => chars.map((c) => c.char).join('');

  it('puts back a space where the model’s space class rose between two characters', () => {
    // "JOHORBAHRU" as the model decodes it: blank won between R and B, though space came second.
    const chars = at('JOHORBAHRU', [0, 4, 9, 13, 18, 24, 28, 33, 37, 42]);
    const space = new Float32Array(44);
    space[21] = 0.2;
    space[22] = 0.22;
    expect(join(restoreSpaces(chars, space))).toBe('JOHOR BAHRU');
  });

  it('leaves words alone where the space class stayed low, and keeps spaces the model gave', () => {
    const chars = at('due 50', [0, 4, 8, 11, 14, 18]);
    const space = new Float32Array(20).fill(0.01);
    expect(join(restoreSpaces(chars, space))).toBe('due 50');
  });

  it('drops the sliver of the next word that a box cut through at its end, and keeps a word of one letter read sure', () => {
    // "ALAM, S" | "SELANGOR.": the box ended inside the next word's S, read unsure over one step.
    const cut = at('ALAM, 9', [0, 4, 8, 12, 15, 17, 21]);
    cut[6] = { ...cut[6]!, confidence: 0.52 };
    expect(join(withoutSlivers(cut, 23))).toBe('ALAM,');
    // ... or at its start.
    const start = at('S SEKSYEN', [1, 3, 6, 10, 14, 18, 22, 26, 30]);
    start[0] = { ...start[0]!, confidence: 0.6 };
    expect(join(withoutSlivers(start, 32))).toBe('SEKSYEN');
    expect(join(withoutSlivers(at('SIZE S', [0, 4, 8, 12, 15, 21]), 23))).toBe('SIZE S');
    expect(join(withoutSlivers(at('QTY 1', [2, 6, 10, 13, 17]), 40))).toBe('QTY 1');
  });
});

describe('both engines on one rendered page', () => {
  let png: Buffer;
  beforeAll(async () => {
    png = await textImage(LINES, { width: 1200 });
  });

  it('PADDLE reads it, with words in lines, boxes and confidences', async () => {
    const doc = await extractDocument(png, { ...OPTIONS, ocrEngine: 'PADDLE' }, LIMITS, noop);
    const page = doc.pages[0];
    expect(page).toMatchObject({ ocr: true, ocrEngine: 'PADDLE' });
    expect(words(page?.text)).toBe(LINES.join(' '));
    expect(page?.confidence).toBeGreaterThan(0.8);
    expect(page?.lines?.map((l) => l.text)).toEqual(LINES);
    const total = page?.words?.find((w) => w.text === '50.91');
    expect(total?.line).toBe(1);
    // The amount sits at the right of the second line, below the first.
    const johor = page?.words?.find((w) => w.text === 'JOHOR');
    expect(total?.box.x).toBeGreaterThan((johor?.box.x ?? 0) + 200);
    expect(total?.box.y).toBeGreaterThan((johor?.box.y ?? 0) + (johor?.box.height ?? 0) / 2);
    expect(total?.confidence).toBeGreaterThan(0.5);
  });

  it('PADDLE and TESSERACT read text in a corner of a blank page where it lies; PADDLE a blank page as nothing', async () => {
    // The detector runs on the part around the ink only: the boxes must come back in page pixels.
    const lines = await textImage(LINES, { width: 1100, fontSize: 60 });
    const meta = await sharp(lines).metadata();
    const [left, top] = [1400, 2800];
    const sparse = await sharp({
      create: { width: 2550, height: 3300, channels: 3, background: '#ffffff' },
    })
      .composite([{ input: lines, left, top }])
      .png()
      .toBuffer();
    const doc = await extractDocument(sparse, { ...OPTIONS, ocrEngine: 'PADDLE' }, LIMITS, noop);
    const page = doc.pages[0];
    expect(page?.lines?.map((l) => l.text)).toEqual(LINES);
    const johor = page?.words?.find((w) => w.text === 'JOHOR');
    expect(johor?.box.x).toBeGreaterThan(left);
    expect(johor?.box.x).toBeLessThan(left + 200);
    expect(johor?.box.y).toBeGreaterThan(top);
    expect(johor?.box.y).toBeLessThan(top + (meta.height ?? 0) / 2);

    // Tesseract reads such a page cropped to its ink: its boxes too are the page's, the page
    // turned upside down or not.
    for (const turn of [0, 180]) {
      const image = turn ? await sharp(sparse).rotate(turn).png().toBuffer() : sparse;
      const read = await extractDocument(image, { ...OPTIONS, ocrEngine: 'TESSERACT' }, LIMITS, noop);
      const word = read.pages[0]?.words?.find((w) => w.text === 'JOHOR');
      expect(words(read.pages[0]?.text)).toBe(LINES.join(' '));
      expect(word?.box.x).toBeGreaterThan(left);
      expect(word?.box.x).toBeLessThan(left + 200);
      expect(word?.box.y).toBeGreaterThan(top);
      expect(word?.box.y).toBeLessThan(top + (meta.height ?? 0) / 2);
    }

    const blank = await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#ffffff' } })
      .png()
      .toBuffer();
    const empty = await extractDocument(blank, { ...OPTIONS, ocrEngine: 'PADDLE' }, LIMITS, noop);
    expect(empty.pages[0]?.text).toBe('');
  });

  it('TESSERACT reads faded print on a sparse page: the crop to the ink keeps it', async () => {
    // An old thermal slip, faded: one line mid-grey, one light grey far below it. Cropped
    // to what is darker than mid-grey, the faded line was cut off before tesseract saw it.
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="2550" height="3300"><rect width="100%" height="100%" fill="white"/><g font-family="DejaVu Sans, sans-serif" font-size="60"><text x="200" y="400" fill="#787878">KEDAI RUNCIT MAJU</text><text x="1300" y="2900" fill="#b4b4b4">TOTAL 43.00</text></g></svg>`;
    const page = await sharp(Buffer.from(svg)).png().toBuffer();
    const read = await extractDocument(page, { ...OPTIONS, ocrEngine: 'TESSERACT' }, LIMITS, noop);
    expect(words(read.pages[0]?.text)).toBe('KEDAI RUNCIT MAJU TOTAL 43.00');
  });

  it('PADDLE reads faded print on a photo whose edges are a dark table', async () => {
    // A faded slip photographed close: the table shows as dark bands at the photo's edges. Split
    // with the table, paper and faded print fell on the same side, and the print was whitened.
    const lines = ['KEDAI RUNCIT MAJU', 'NO. 12, JALAN BESAR', 'TOTAL 43.00'];
    const text = lines.map((l, i) => `<text x="160" y="${220 + i * 110}">${l}</text>`).join('');
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="700"><rect width="100%" height="100%" fill="#202020"/><rect x="90" y="0" width="820" height="700" fill="white"/><g font-family="DejaVu Sans, sans-serif" font-size="56" fill="#b4b4b4">${text}</g></svg>`;
    const page = await sharp(Buffer.from(svg)).png().toBuffer();
    // The engine itself: the pipeline's own paper cut would take these straight bands away first.
    expect(words((await paddleOcr(page)).text)).toBe(lines.join(' '));
  });

  it('PADDLE turns a page it finds upside down and gives its lines in reading order', async () => {
    const turned = await sharp(png).rotate(180).png().toBuffer();
    const doc = await extractDocument(turned, { ...OPTIONS, ocrEngine: 'PADDLE' }, LIMITS, noop);
    const page = doc.pages[0];
    expect(page?.lines?.map((l) => l.text)).toEqual(LINES);
    // The boxes are those of the upright page: the amount right of and below the first line.
    const total = page?.words?.find((w) => w.text === '50.91');
    const johor = page?.words?.find((w) => w.text === 'JOHOR');
    expect(total?.box.x).toBeGreaterThan((johor?.box.x ?? 0) + 200);
    expect(total?.box.y).toBeGreaterThan(johor?.box.y ?? 0);
  });

  it('PADDLE turns a page it finds on its side, either way, and gives its lines in reading order', async () => {
    for (const side of [90, 270]) {
      const turned = await sharp(png).rotate(side).png().toBuffer();
      const doc = await extractDocument(turned, { ...OPTIONS, ocrEngine: 'PADDLE' }, LIMITS, noop);
      const page = doc.pages[0];
      expect(
        page?.lines?.map((l) => l.text),
        `turned ${side}°`,
      ).toEqual(LINES);
      const total = page?.words?.find((w) => w.text === '50.91');
      const johor = page?.words?.find((w) => w.text === 'JOHOR');
      expect(total?.box.x).toBeGreaterThan((johor?.box.x ?? 0) + 200);
      expect(total?.box.y).toBeGreaterThan(johor?.box.y ?? 0);
    }
  });

  it('TESSERACT gives the same shape, and AUTO keeps a confident tesseract reading', async () => {
    for (const ocrEngine of ['TESSERACT', 'AUTO'] as const) {
      const doc = await extractDocument(png, { ...OPTIONS, ocrEngine }, LIMITS, noop);
      const page = doc.pages[0];
      expect(page?.ocrEngine, ocrEngine).toBe('TESSERACT');
      expect(words(page?.text)).toBe(LINES.join(' '));
      expect(page?.lines?.map((l) => l.text)).toEqual(LINES);
      expect(page?.words?.find((w) => w.text === '50.91')).toMatchObject({ line: 1 });
    }
  });

  it('with secondReading (EXTRACT), AUTO keeps tesseract and reads the page with PaddleOCR too', async () => {
    const doc = await extractDocument(
      png,
      { ...OPTIONS, ocrEngine: 'AUTO', secondReading: true },
      LIMITS,
      noop,
    );
    const page = doc.pages[0];
    expect(page?.ocrEngine).toBe('TESSERACT');
    expect(page?.figureWords?.find((w) => w.text === '50.91')).toMatchObject({ line: 1 });
    // Asked for one engine, or not asked: one reading.
    for (const ocrEngine of ['TESSERACT', 'AUTO'] as const) {
      const secondReading = ocrEngine === 'TESSERACT';
      const one = (await extractDocument(png, { ...OPTIONS, ocrEngine, secondReading }, LIMITS, noop))
        .pages[0];
      expect(one?.figureWords, ocrEngine).toBeUndefined();
    }
  });

  it('AUTO hands a page tesseract reads weakly to PaddleOCR', async () => {
    // A thin receipt: print from the back showing through mirrored, soft focus, heavy JPEG.
    const back = await sharp(
      await textImage(['Thermal paper: keep away from', 'heat, light and plastic film.'], { width: 1200 }),
    )
      .flop()
      .linear(0.35, 165)
      .png()
      .toBuffer();
    const faint = await sharp(await textImage(LINES, { width: 1200 }))
      .composite([{ input: back, blend: 'darken' }])
      .linear(0.6, 60)
      .blur(0.8)
      .jpeg({ quality: 50 })
      .toBuffer();
    const tesseract = (await extractDocument(faint, { ...OPTIONS, ocrEngine: 'TESSERACT' }, LIMITS, noop))
      .pages[0];
    const auto = (await extractDocument(faint, { ...OPTIONS, ocrEngine: 'AUTO' }, LIMITS, noop)).pages[0];
    expect(tesseract?.confidence).toBeLessThan(0.85);
    expect(auto?.ocrEngine).toBe('PADDLE');
    expect(words(auto?.text)).toContain('JOHOR BAHRU CITY SQUARE');
    expect(words(auto?.text)).toContain('Total amount due 50.91');
  });
});

describe('PaddleOCR on the pipeline pool', () => {
  it('a job cancelled while PaddleOCR reads ends its thread, and the next job reads', async () => {
    const pool = createPipelinePool({ threads: 1 });
    try {
      const png = await textImage(LINES, { width: 1200 });
      const input = () => ({
        bytes: new Uint8Array(png),
        endpoint: 'PARSE' as const,
        options: { ...OPTIONS, ocrEngine: 'PADDLE' as const },
        limits: LIMITS,
      });
      const cancel = new AbortController();
      const cancelled = pool.run(input(), {
        // The OCR stage starts: the page is being read now.
        onCheckpoint: ({ stage }) => {
          if (stage === 'OCR') cancel.abort(new Error('cancelled by the test'));
        },
        signal: cancel.signal,
      });
      await expect(cancelled).rejects.toThrow('cancelled by the test');
      const next = await pool.run(input(), { onCheckpoint: () => {}, signal: new AbortController().signal });
      expect(words(String(next.body.text))).toBe(LINES.join(' '));
    } finally {
      await pool.close();
    }
  });
});

describe('options.ocrEngine through the API', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('a PARSE job with ocrEngine PADDLE reads a photo with PaddleOCR and says so per page', async () => {
    const jpeg = await sharp(await textImage(LINES, { width: 1200 }))
      .jpeg({ quality: 80 })
      .toBuffer();
    const res = await s.gql(`mutation($input: CreateJobInput!) { createJob(input: $input) { id } }`, {
      input: {
        endpoint: 'PARSE',
        document: { url: dataUrl(jpeg, 'image/jpeg') },
        options: { ocrEngine: 'PADDLE' },
      },
    });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    const sub = s.subscribe(`subscription($id: ID) { jobUpdated(id: $id) { status response { body } } }`, {
      id: res.data!.createJob.id,
    });
    await sub.done;
    const job = sub.events.at(-1)!;
    expect(job.status).toBe('COMPLETED');
    const page = job.response.body.pages[0];
    expect(page).toMatchObject({ index: 1, ocr: true, ocrEngine: 'PADDLE' });
    expect(words(page.text)).toBe(LINES.join(' '));
  });
});
