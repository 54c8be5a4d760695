// Uneven light evened out before OCR: a phone's shadow across a receipt, a lamp's fall-off, a
// page darker at one end. Both engines split ink from paper by one level for the whole page (or
// for large parts of it), so paper in shadow reads as ink and print in shadow is lost. Each
// pixel is divided by the paper's own brightness around it, estimated from the page itself. And
// a receipt photographed on a dark table shows it at its edges (in the corners of a picture it
// almost fills, or in wedges along the sides of a cut from a larger one, paper.ts, skew.ts):
// that table is whitened when the print is lighter than it, or the print reads as paper and
// nothing is read at all.
import sharp from 'sharp';
import { type GreyPage, greyCopy } from './ink.ts';

/** The paper's light is called even when its darker parts are at least this bright against its lighter ones. */
const EVEN = 0.8;
/** Blocks along the page's longer side in which the paper's brightness is estimated. */
const BLOCKS = 128;
/** Dark shapes narrower than this many blocks (print, bars, logos) are not taken for shade. */
const CLOSE = 8;
/** Paper darker than this everywhere is too dark to even out. */
const MIN_PAPER = 32;
/** Nothing is brightened more than this many times. */
const MAX_GAIN = 4;
/** Table at the picture's edges: darker than this share of the paper's brightness (a grey board, ~0.7, is left). */
const TABLE_BELOW = 0.45;
/** Pixels beyond the table whitened too: the blurred border between table and paper. */
const EDGE_RING = 4;
/** The paper is measured on a copy at most this long on its longer side. */
const MAP_SIDE = 1024;

/** The paper's brightness block by block, as measured on a page `width` pixels wide. */
interface PaperMap {
  level: Float32Array;
  bw: number;
  bh: number;
  block: number;
  width: number;
  /** Nothing is brightened more than MAX_GAIN times: near-black (a table at night) would be noise. */
  floor: number;
  /** The paper's brightness where it is lit best. */
  bright: number;
  /** Lit evenly enough to be left as it is. */
  even: boolean;
}

/**
 * The page with its light evened out (paper white, print as dark against its own paper as it
 * was), or undefined when the paper's light is already even and the page is best left as it is.
 */
export function evenedLight(page: GreyPage): GreyPage | undefined {
  const map = paperMap(page);
  return map.even ? undefined : divided(page, map);
}

/**
 * A picture (any format sharp reads) with its light evened out (as one grey channel) and, when a
 * darker table shows at its edges and the print is lighter than it, the table whitened; undefined
 * when there is nothing to do. The paper is measured on a copy at most 1,024 pixels long, so a
 * picture left as it is costs that copy only.
 */
export async function evenedLightOf(png: Buffer): Promise<Buffer | undefined> {
  const small = await sharp(png)
    .greyscale()
    .resize(MAP_SIDE, MAP_SIDE, { fit: 'inside', withoutEnlargement: true })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const smallPage = { data: small.data, width: small.info.width, height: small.info.height };
  const map = paperMap(smallPage);
  const table = map.bright >= MIN_PAPER && printLighterThanTable(smallPage, map.bright);
  if (map.even && !table) return undefined;
  if (map.even) return whitenedInColour(png, map.bright);
  const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
  const evened = divided({ data, width: info.width, height: info.height }, map);
  // Evened out, the paper is white.
  if (table) whitenedFromEdge(evened, 255 * TABLE_BELOW, 255);
  return sharp(evened.data, { raw: { width: evened.width, height: evened.height, channels: 1 } })
    .png({ compressionLevel: 1 })
    .toBuffer();
}

/** The table at the edges whitened in a picture whose light is even; its colours are kept. */
async function whitenedInColour(png: Buffer, paper: number): Promise<Buffer> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const { width, height, channels } = info;
  const grey = greyCopy(data, width, height, channels, Math.max(width, height));
  const fill = Math.round(paper);
  for (const i of whitenedFromEdge(grey, paper * TABLE_BELOW, paper))
    data.fill(fill, i * channels, (i + 1) * channels);
  return sharp(data, { raw: { width, height, channels } }).png({ compressionLevel: 1 }).toBuffer();
}

function paperMap(page: GreyPage): PaperMap {
  const { data, width, height } = page;
  const block = Math.max(4, Math.ceil(Math.max(width, height) / BLOCKS));
  const bw = Math.ceil(width / block);
  const bh = Math.ceil(height / block);
  if (bw < 3 || bh < 3)
    return { level: new Float32Array(), bw, bh, block, width, floor: 0, bright: 0, even: true };
  const measured = paperLevels(data, width, height, block, bw, bh);
  // Closed (a max then a min filter): dark shapes smaller than the filter are print, not shade. The
  // min filter reaches a block further, so that next to a shadow's edge the paper is taken for the
  // darker side's: too bright a guess there would leave the edge as a dark line.
  const level = minFilter(maxFilter(measured, bw, bh, CLOSE), bw, bh, CLOSE + 1);
  const sorted = Float32Array.from(level).sort();
  const dim = sorted[Math.floor(sorted.length * 0.05)] as number;
  const bright = sorted[Math.floor(sorted.length * 0.95)] as number;
  const even = bright < MIN_PAPER || dim / bright >= EVEN;
  return { level, bw, bh, block, width, floor: bright / MAX_GAIN, bright, even };
}

/** Each pixel divided by the paper's brightness there, interpolated between the blocks' centres. */
function divided(page: GreyPage, map: PaperMap): GreyPage {
  const { data, width, height } = page;
  const { level, bw, bh, floor } = map;
  // The map's blocks in this page's pixels (the map may come from a smaller copy).
  const block = (map.block * width) / map.width;
  const xs = new Int32Array(width);
  const txs = new Float32Array(width);
  for (let x = 0; x < width; x++) {
    const fx = Math.min(bw - 1, Math.max(0, (x + 0.5) / block - 0.5));
    xs[x] = Math.floor(fx);
    txs[x] = fx - Math.floor(fx);
  }
  const out = new Uint8Array(width * height);
  const row = new Float32Array(bw);
  for (let y = 0; y < height; y++) {
    const fy = Math.min(bh - 1, Math.max(0, (y + 0.5) / block - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(bh - 1, y0 + 1);
    const ty = fy - y0;
    for (let bx = 0; bx < bw; bx++)
      row[bx] = Math.max(
        floor,
        (level[y0 * bw + bx] as number) * (1 - ty) + (level[y1 * bw + bx] as number) * ty,
      );
    for (let x = 0, i = y * width; x < width; x++, i++) {
      const x0 = xs[x] as number;
      const tx = txs[x] as number;
      const paper = (row[x0] as number) * (1 - tx) + (row[Math.min(bw - 1, x0 + 1)] as number) * tx;
      out[i] = Math.min(255, Math.round(((data[i] as number) * 255) / paper));
    }
  }
  return { data: out, width, height };
}

/**
 * Whether table is left at the page's edges (more than one in a hundred of its edge pixels) and
 * the print is lighter than it: the darkest print (the darkest 0.5 % of what is not table) is
 * over the table's median. Asked of every picture, not only of one cut from a larger one: a
 * faded slip photographed close, the table in its corners only, read as blank paper
 * (bench/receipts-synth.ts, `thermal`). Until 2026-12-06 only print fainter than 0.55 of the
 * paper counted; no such line parts the faded slips (darkest print 0.45–0.55 of the paper, where
 * a band of the print fades less) from the receipts-de scans on a black bed (0.33–0.46), and on
 * those the whitening changes fields either way by the engines' chance (docs/accuracy.md).
 */
function printLighterThanTable(page: GreyPage, paper: number): boolean {
  const { data, width, height } = page;
  const below = paper * TABLE_BELOW;
  let dark = 0;
  for (let x = 0; x < width; x++)
    dark += Number((data[x] as number) < below) + Number((data[(height - 1) * width + x] as number) < below);
  for (let y = 0; y < height; y++)
    dark +=
      Number((data[y * width] as number) < below) + Number((data[y * width + width - 1] as number) < below);
  if (dark <= 0.01 * 2 * (width + height)) return false;
  // The table as it would be whitened, found on a copy.
  const found = whitenedFromEdge({ data: new Uint8Array(data), width, height }, below, paper, 0);
  const rest = new Uint32Array(256);
  for (const v of data) rest[v] = (rest[v] as number) + 1;
  const table = new Uint32Array(256);
  for (const i of found) {
    const v = data[i] as number;
    table[v] = (table[v] as number) + 1;
    rest[v] = (rest[v] as number) - 1;
  }
  const tables = found.length;
  const print = levelOf(rest, 0.005, data.length - tables);
  return print > levelOf(table, 0.5, tables);
}

/** The level under which `share` of a histogram's `count` values lie. */
function levelOf(histogram: Uint32Array, share: number, count: number): number {
  let seen = 0;
  for (let v = 0; v < 256; v++) {
    seen += histogram[v] as number;
    if (seen > share * count) return v;
  }
  return 255;
}

/**
 * Paints `paper` over every pixel darker than `below` that a path of such pixels joins to the
 * page's edge: the table or scanner bed a cut to the paper keeps along its sides when the paper
 * lies a little askew. Left there, it is the darkest thing on the page, and a faded print lighter
 * than it falls on the paper's side of the engines' ink/paper split. Returns the pixels painted.
 */
function whitenedFromEdge(page: GreyPage, below: number, paper: number, ringOut = EDGE_RING): Int32Array {
  const { data, width, height } = page;
  const fill = Math.round(paper);
  const seen = new Uint8Array(width * height);
  // The pixels painted, in the order found: also the queue of the search (4 bytes a pixel at most).
  const painted = new Int32Array(width * height);
  let count = 0;
  const take = (i: number, under: number) => {
    if (!seen[i] && (data[i] as number) < under) {
      seen[i] = 1;
      data[i] = fill;
      painted[count++] = i;
    }
  };
  const around = (i: number, under: number) => {
    const x = i % width;
    if (x > 0) take(i - 1, under);
    if (x < width - 1) take(i + 1, under);
    if (i >= width) take(i - width, under);
    if (i < (height - 1) * width) take(i + width, under);
  };
  for (let x = 0; x < width; x++) {
    take(x, below);
    take((height - 1) * width + x, below);
  }
  for (let y = 0; y < height; y++) {
    take(y * width, below);
    take(y * width + width - 1, below);
  }
  for (let next = 0; next < count; next++) around(painted[next] as number, below);
  // The table's blurred border with the paper, a few pixels wide, would stay as a grey line read
  // as "|" or "-": it goes too, up to `ringOut` pixels out.
  for (let ring = 0, from = 0; ring < ringOut; ring++) {
    const to = count;
    for (let next = from; next < to; next++) around(painted[next] as number, paper * 0.9);
    from = to;
  }
  return painted.subarray(0, count);
}

/** Each block's paper brightness: the level nine in ten of its pixels are at or below. */
function paperLevels(
  data: Uint8Array,
  width: number,
  height: number,
  block: number,
  bw: number,
  bh: number,
): Float32Array {
  const level = new Float32Array(bw * bh);
  const histogram = new Uint32Array(256);
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      histogram.fill(0);
      const x0 = bx * block;
      const y0 = by * block;
      const x1 = Math.min(width, x0 + block);
      const y1 = Math.min(height, y0 + block);
      for (let y = y0; y < y1; y++)
        for (let x = x0, i = y * width + x0; x < x1; x++, i++)
          histogram[data[i] as number] = (histogram[data[i] as number] as number) + 1;
      const want = Math.ceil((x1 - x0) * (y1 - y0) * 0.9);
      let seen = 0;
      let v = 0;
      for (; v < 255; v++) {
        seen += histogram[v] as number;
        if (seen >= want) break;
      }
      level[by * bw + bx] = v;
    }
  }
  return level;
}

function maxFilter(a: Float32Array, w: number, h: number, r: number): Float32Array {
  return filter(a, w, h, r, Math.max);
}

function minFilter(a: Float32Array, w: number, h: number, r: number): Float32Array {
  return filter(a, w, h, r, Math.min);
}

/** A square (2r+1)² max or min filter, done as a row pass then a column pass. */
function filter(a: Float32Array, w: number, h: number, r: number, pick: (x: number, y: number) => number) {
  const rows = new Float32Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let v = a[y * w + x] as number;
      for (let d = Math.max(0, x - r); d <= Math.min(w - 1, x + r); d++) v = pick(v, a[y * w + d] as number);
      rows[y * w + x] = v;
    }
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let v = rows[y * w + x] as number;
      for (let d = Math.max(0, y - r); d <= Math.min(h - 1, y + r); d++)
        v = pick(v, rows[d * w + x] as number);
      out[y * w + x] = v;
    }
  return out;
}
