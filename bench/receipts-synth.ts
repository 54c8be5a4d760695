// Synthetic Malaysian shop receipts (SROIE-like), written here from parts and rendered, then read
// through the whole pipeline (OCR and all) with EXTRACT `{company, date, address, total}`, every
// field a plain string, and scored by exact match as the held-out check of issue 12 scores them:
// the company and the address as printed (the address's lines joined with spaces), the date as
// printed or ISO, the total's figure as printed ("9.00" for "RM 9.00").
//
// No receipt comes from a dataset: names, streets, towns and amounts are drawn from the lists
// below with a seeded generator, so the set is the same on every run. Each receipt is rendered
// in one of several fonts, with the header centred or flush left, and then either straight (a
// scan) or as a photo: turned a few degrees, blurred, uneven light, sensor noise, a phone's JPEG.
// With --askew=D the photo shows the receipt on a table, turned between D/2 and D degrees.
// The accuracy rows also fade the print (`thermal`) or take the photo at an angle (`angled`).
//
//   ./node_modules/.bin/node bench/receipts-synth.ts [--n=24] [--seed=12] [--straight] [--askew=25] [--verbose]

import sharp from 'sharp';
import { findDates } from '../src/pipeline/steps/values.ts';
import { extractReceipt } from './receipts.ts';

/** A small seeded generator (mulberry32): the same receipts on every run. */
export function rngFor(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  return { next, int, pick };
}
type Rng = ReturnType<typeof rngFor>;

const NAME_FIRST = [
  'SINAR',
  'MAJU',
  'JAYA',
  'KEDAI',
  'GOLDEN',
  'NEW',
  'SENG',
  'HENG',
  'TECK',
  'LIAN',
  'WAH',
  'BOON',
  'UNIQUE',
  'ASIA',
  'PERDANA',
  'MEGA',
  'BEST',
  'HUP',
  'KIM',
  'YONG',
];
const NAME_SECOND = [
  'HARDWARE',
  'TRADING',
  'STATIONERY',
  'ENTERPRISE',
  'MACHINERY',
  'BOOK STORE',
  'RESTAURANT',
  'FOOD',
  'PHARMACY',
  'ELECTRICAL',
  'MARKETING',
  'SUPERMARKET',
  'MINI MARKET',
  'GIFT & HOME',
  'BAKERY',
  'AUTO PARTS',
];
const LEGAL = ['SDN BHD', 'SDN. BHD.', 'SDN BHD', '(M) SDN BHD', 'S/B', 'ENTERPRISE', 'TRADING'];
const PREFIX = ['', '', '', 'SYARIKAT ', 'PERNIAGAAN ', 'KEDAI RUNCIT '];
const STREETS = [
  'JALAN BESAR',
  'JALAN MERANTI',
  'JALAN PERDANA',
  'JALAN SAGU',
  'JALAN AIR PANAS',
  'JALAN BANTING',
  'JALAN TUN RAZAK',
  'JALAN KLANG LAMA',
  'JALAN PUTERI',
  'JALAN USJ',
  'JALAN SS',
  'JALAN IMPIAN EMAS',
  'JALAN DATO ONN',
  'JALAN MUTIARA EMAS',
];
const AREAS = [
  'TAMAN SRI GADING',
  'TAMAN DAYA',
  'TAMAN PERDANA',
  'BANDAR BARU',
  'TAMAN MOLEK',
  'SETAPAK',
  'TAMAN UNIVERSITI',
  'KAWASAN PERINDUSTRIAN',
  'BANDAR SERI ALAM',
  'TAMAN MUTIARA RINI',
  'SEKSYEN 9',
  'PUSAT BANDAR',
];
const PLACES: [string, string, string][] = [
  ['43000', 'KAJANG', 'SELANGOR'],
  ['81100', 'JOHOR BAHRU', 'JOHOR'],
  ['53200', 'KUALA LUMPUR', 'WILAYAH PERSEKUTUAN'],
  ['47500', 'SUBANG JAYA', 'SELANGOR'],
  ['81300', 'SKUDAI', 'JOHOR'],
  ['43800', 'DENGKIL', 'SELANGOR'],
  ['56000', 'CHERAS', 'KUALA LUMPUR'],
  ['81750', 'MASAI', 'JOHOR'],
  ['40150', 'SHAH ALAM', 'SELANGOR'],
  ['10200', 'GEORGETOWN', 'PULAU PINANG'],
  ['30450', 'IPOH', 'PERAK'],
  ['70200', 'SEREMBAN', 'NEGERI SEMBILAN'],
];
const ITEMS = [
  'PVC PIPE 1/2"',
  'CEMENT 50KG',
  'MILO 1KG',
  'BREAD',
  'A4 PAPER 80G',
  'PEN BLUE',
  'NASI LEMAK',
  'TEH TARIK',
  'SCREW 2"',
  'PAINT 5L',
  'BATTERY AA',
  'FILE CLIP',
  'MINERAL WATER',
  'GLUE STICK',
  'TAPE 24MM',
  'ROTI CANAI',
];
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const FONTS = [
  'DejaVu Sans',
  'DejaVu Sans Mono',
  'Liberation Mono',
  'Liberation Sans',
  'Liberation Sans Narrow',
  'DejaVu Sans Condensed',
  'Liberation Serif',
];

export interface SynthReceipt {
  rows: { left: string; right?: string; centre?: boolean }[];
  want: { company: string; date: string; address: string; total: string };
  font: string;
}

const two = (n: number) => String(n).padStart(2, '0');
const money = (cents: number) => (cents / 100).toFixed(2);

export function makeReceipt(r: Rng): SynthReceipt {
  const company = `${r.pick(PREFIX)}${r.pick(NAME_FIRST)} ${r.pick(NAME_SECOND)} ${r.pick(LEGAL)}`.replace(
    /\s+/g,
    ' ',
  );
  const [postcode, town, state] = r.pick(PLACES);
  const no = r.pick([
    `NO. ${r.int(1, 99)},`,
    `NO ${r.int(1, 99)},`,
    `NO.${r.int(1, 99)},`,
    `LOT ${r.int(100, 9999)},`,
    `${r.int(1, 99)},`,
    `NO. ${r.int(1, 30)} & ${r.int(31, 60)},`,
  ]);
  const street = `${r.pick(STREETS)}${r.next() < 0.5 ? ` ${r.int(1, 20)}` : ''}`;
  const area = r.pick(AREAS);
  const end = r.pick(['.', '', ',']);
  // Two to four printed lines, as SROIE's headers print them.
  const shape = r.int(0, 3);
  const addressLines =
    shape === 0
      ? [`${no} ${street},`, `${area},`, `${postcode} ${town}, ${state}${end}`]
      : shape === 1
        ? [`${no} ${street}, ${area},`, `${postcode} ${town}, ${state}${end}`]
        : shape === 2
          ? [`${no} ${street},`, `${area}, ${postcode}`, `${town}, ${state}${end}`]
          : [`${no} ${street},`, `${area},`, `${postcode} ${town},`, `${state}${end}`];
  const d = r.int(1, 28);
  const mo = r.int(1, 12);
  const y = r.pick([2017, 2018, 2018, 2019]);
  const date = r.pick([
    `${two(d)}/${two(mo)}/${y}`,
    `${two(d)}-${two(mo)}-${String(y).slice(2)}`,
    `${two(d)}/${two(mo)}/${String(y).slice(2)}`,
    `${two(d)} ${MONTHS[mo - 1]} ${y}`,
    `${two(d)}-${two(mo)}-${y}`,
    `${two(d)}.${two(mo)}.${y}`,
  ]);
  const items = Array.from({ length: r.int(1, 5) }, () => ({
    name: r.pick(ITEMS),
    qty: r.int(1, 4),
    cents: r.int(1, 60) * 50 + r.pick([0, 5, 10, 30, 90]),
  }));
  const sum = items.reduce((s, i) => s + i.qty * i.cents, 0);
  const gst = r.next() < 0.6 ? Math.round(sum * 0.06) : 0;
  const exact = sum + gst;
  const rounded = Math.round(exact / 5) * 5;
  const total = money(rounded);
  const rm = r.next() < 0.3 ? 'RM ' : r.next() < 0.2 ? 'RM' : '';
  const centre = r.next() < 0.6;
  const rows: SynthReceipt['rows'] = [];
  const head = (left: string) => rows.push({ left, centre });
  head(company);
  if (r.next() < 0.8)
    head(
      r.pick([
        `(${r.int(10000, 999999)}-${r.pick(['A', 'D', 'H', 'K', 'T', 'X', 'W'])})`,
        `CO. REG : ${r.int(100000, 999999)}-${r.pick(['A', 'D', 'T'])}`,
        `(CO. NO. ${r.int(100000, 999999)}-${r.pick(['K', 'P'])})`,
      ]),
    );
  for (const l of addressLines) head(l);
  if (r.next() < 0.85)
    head(
      `TEL: 0${r.int(3, 9)}-${r.int(100, 999)} ${r.int(1000, 9999)}${r.next() < 0.4 ? `  FAX: 0${r.int(3, 9)}-${r.int(1000000, 9999999)}` : ''}`,
    );
  if (gst) head(`GST ID : 00${r.int(1000000000, 1999999999)}`);
  head(r.pick(['TAX INVOICE', 'SIMPLIFIED TAX INVOICE', 'CASH BILL', 'RECEIPT', 'INVOICE']));
  const time = `${two(r.int(8, 21))}:${two(r.int(0, 59))}${r.next() < 0.5 ? `:${two(r.int(0, 59))}` : ''}`;
  const docNo = `${r.pick(['CS', 'INV', 'DOC', 'R'])}${r.int(10000, 999999)}`;
  switch (r.int(0, 3)) {
    case 0:
      rows.push({ left: `DOC NO: ${docNo}`, right: `DATE: ${date}` });
      rows.push({ left: 'CASHIER: USER', right: `TIME: ${time}` });
      break;
    case 1:
      rows.push({ left: `DATE: ${date} ${time}` });
      rows.push({ left: `INVOICE NO: ${docNo}` });
      break;
    case 2:
      rows.push({ left: `${date} ${time}`, right: docNo });
      break;
    default:
      rows.push({ left: `RECEIPT #: ${docNo}` });
      rows.push({ left: `DATE : ${date}`, right: time });
  }
  rows.push({ left: 'ITEM  QTY', right: 'AMOUNT' });
  for (const i of items)
    rows.push({ left: `${i.name}  ${i.qty} X ${money(i.cents)}`, right: money(i.qty * i.cents) });
  const totalLabel = r.pick([
    'TOTAL',
    'TOTAL:',
    'TOTAL (RM)',
    'GRAND TOTAL',
    'ROUNDED TOTAL (RM):',
    'NETT TOTAL',
    'TOTAL AMOUNT',
    'TOTAL RM',
  ]);
  if (gst) {
    rows.push({ left: 'TOTAL SALES (EXCLUDING GST):', right: money(sum) });
    rows.push({ left: 'GST 6%:', right: money(gst) });
    rows.push({ left: 'TOTAL (INCLUSIVE OF GST):', right: money(exact) });
  } else {
    rows.push({ left: 'SUB TOTAL', right: money(exact) });
  }
  if (rounded !== exact || r.next() < 0.5) rows.push({ left: 'ROUNDING ADJ', right: money(rounded - exact) });
  rows.push({ left: totalLabel, right: `${rm}${total}` });
  const paid = Math.ceil(rounded / 1000) * 1000;
  rows.push({ left: 'CASH', right: money(paid) });
  rows.push({ left: 'CHANGE', right: money(paid - rounded) });
  if (r.next() < 0.6)
    rows.push({
      left: r.pick(['THANK YOU. PLEASE COME AGAIN.', 'GOODS SOLD ARE NOT RETURNABLE', 'THANK YOU']),
      centre: true,
    });
  return {
    rows,
    want: { company, date, address: addressLines.join(' '), total },
    font: r.pick(FONTS),
  };
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * How a photo is taken: `askew` D shows the receipt on a table turned between D/2 and D degrees;
 * `thermal` fades its print (fadeThermal); `angled` takes it at an angle (atAnAngle).
 */
export interface PhotoOptions {
  askew?: number;
  thermal?: boolean;
  angled?: boolean;
}

export async function renderReceipt(
  rec: SynthReceipt,
  r: Rng,
  photo: boolean,
  { askew = 0, thermal = false, angled = false }: PhotoOptions = {},
): Promise<Buffer> {
  const width = r.int(620, 900);
  const fontSize = Math.round(width / r.int(30, 36));
  const pitch = Math.round(fontSize * (1.35 + r.next() * 0.3));
  const height = pitch * (rec.rows.length + 2);
  const margin = Math.round(fontSize * 0.8);
  const text = rec.rows
    .map(({ left, right, centre }, i) => {
      const y = pitch * (i + 1);
      if (centre) return `<text x="${width / 2}" y="${y}" text-anchor="middle">${escapeXml(left)}</text>`;
      const l = `<text x="${margin}" y="${y}">${escapeXml(left)}</text>`;
      const rt = right
        ? `<text x="${width - margin}" y="${y}" text-anchor="end">${escapeXml(right)}</text>`
        : '';
      return l + rt;
    })
    .join('');
  const bold = r.next() < 0.3 ? ' font-weight="bold"' : '';
  const ink = photo ? r.pick(['#222', '#333', '#3a3a48', '#111']) : 'black';
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="white"/><g font-family="${rec.font}" font-size="${fontSize}" fill="${ink}"${bold}>${text}</g></svg>`;
  const printed = await sharp(Buffer.from(svg)).png().toBuffer();
  const png = thermal ? await fadeThermal(printed, r) : printed;
  if (!photo) return png;
  // The paper on a table: uneven light across it (a gradient multiplied in), turned a few
  // degrees, soft focus, sensor noise, a phone's JPEG.
  const light = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="g" x1="0" y1="0" x2="${r.next().toFixed(2)}" y2="1"><stop offset="0" stop-color="#fff"/><stop offset="1" stop-color="${r.pick(['#c8c0b0', '#b0b0b0', '#d8d0c0', '#a8a49c'])}"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/></svg>`;
  const lit = await sharp(png)
    .composite([{ input: Buffer.from(light), blend: 'multiply' }])
    .png()
    .toBuffer();
  const sign = r.next() < 0.5 ? -1 : 1;
  const angle = sign * (askew ? askew * (0.5 + r.next() * 0.5) : 0.5 + r.next() * 3.5);
  const table = r.pick(['#d8d4cc', '#6b5a48', '#9aa0a6', '#333333']);
  // Askew: held further off, the table shows around the paper.
  const laid = askew
    ? await sharp(lit)
        .extend({
          top: Math.round(height / 6),
          bottom: Math.round(height / 6),
          left: Math.round(width / 4),
          right: Math.round(width / 4),
          background: table,
        })
        .png()
        .toBuffer()
    : lit;
  const turned = await sharp(laid)
    .rotate(angle, { background: table })
    .blur(0.6 + r.next() * 0.9)
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { info } = turned;
  const data = angled ? atAnAngle(turned, r, table) : turned.data;
  for (let i = 0; i < data.length; i++)
    data[i] = Math.max(0, Math.min(255, data[i]! + Math.round((r.next() - 0.5) * 36)));
  return sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
    .resize({ width: Math.round(info.width * (0.75 + r.next() * 0.4)) })
    .jpeg({ quality: r.int(45, 80) })
    .toBuffer();
}

/**
 * The picture as a phone sees the paper from an angle: one side of it further away and shorter
 * (the top, or the left or right), by 6-12 % of its length, the rest of the picture filled with
 * the table. A homography, each pixel sampled from the straight picture between its neighbours.
 */
function atAnAngle(
  { data, info }: { data: Buffer; info: { width: number; height: number; channels: number } },
  r: Rng,
  table: string,
): Buffer {
  const { width: w, height: h, channels } = info;
  const t = 0.06 + r.next() * 0.06;
  const far = r.pick(['top', 'left', 'right'] as const);
  const corners: Record<typeof far, [number, number][]> = {
    top: [
      [(w * t) / 2, 0],
      [w * (1 - t / 2), 0],
      [w, h],
      [0, h],
    ],
    left: [
      [0, (h * t) / 2],
      [w, 0],
      [w, h],
      [0, h * (1 - t / 2)],
    ],
    right: [
      [0, 0],
      [w, (h * t) / 2],
      [w, h * (1 - t / 2)],
      [0, h],
    ],
  };
  // From the picture taken (its corners) back to the straight one.
  const m = homography(corners[far], [
    [0, 0],
    [w, 0],
    [w, h],
    [0, h],
  ]);
  // The table's colour, "#rrggbb".
  const fill = [1, 3, 5].map((i) => Number.parseInt(table.slice(i, i + 2), 16));
  const out = Buffer.alloc(data.length);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const d = m[6]! * x + m[7]! * y + 1;
      const sx = (m[0]! * x + m[1]! * y + m[2]!) / d;
      const sy = (m[3]! * x + m[4]! * y + m[5]!) / d;
      const o = (y * w + x) * channels;
      if (sx < 0 || sy < 0 || sx >= w - 1 || sy >= h - 1) {
        for (let c = 0; c < channels; c++) out[o + c] = fill[c] ?? 255;
        continue;
      }
      const [x0, y0] = [Math.floor(sx), Math.floor(sy)];
      const [fx, fy] = [sx - x0, sy - y0];
      for (let c = 0; c < channels; c++) {
        const at = (yy: number, xx: number) => data[(yy * w + xx) * channels + c]!;
        out[o + c] = Math.round(
          at(y0, x0) * (1 - fx) * (1 - fy) +
            at(y0, x0 + 1) * fx * (1 - fy) +
            at(y0 + 1, x0) * (1 - fx) * fy +
            at(y0 + 1, x0 + 1) * fx * fy,
        );
      }
    }
  return out;
}

/** The projective map (h33 = 1) taking four points `from` to four points `to`, by Gaussian elimination. */
function homography(from: [number, number][], to: [number, number][]): number[] {
  const a: number[][] = [];
  for (let i = 0; i < 4; i++) {
    const [x, y] = from[i]!;
    const [u, v] = to[i]!;
    a.push([x, y, 1, 0, 0, 0, -u * x, -u * y, u]);
    a.push([0, 0, 0, x, y, 1, -v * x, -v * y, v]);
  }
  for (let c = 0; c < 8; c++) {
    let p = c;
    for (let q = c + 1; q < 8; q++) if (Math.abs(a[q]![c]!) > Math.abs(a[p]![c]!)) p = q;
    [a[c], a[p]] = [a[p]!, a[c]!];
    for (let q = 0; q < 8; q++) {
      if (q === c) continue;
      const f = a[q]![c]! / a[c]![c]!;
      for (let k = c; k < 9; k++) a[q]![k]! -= f * a[c]![k]!;
    }
  }
  return a.map((row, i) => row[8]! / row[i]!);
}

/**
 * A thermal slip as it ages: the print head's dots show in the strokes (some missing), and the
 * ink fades unevenly, in bands along the paper and more towards one edge.
 */
async function fadeThermal(png: Buffer, r: Rng): Promise<Buffer> {
  const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
  const { width, height } = info;
  const bands = Array.from({ length: 8 }, () => 0.35 + r.next() * 0.5);
  const edge = r.next() < 0.5 ? 0 : 1;
  const dropout = 0.1 + r.next() * 0.2;
  for (let y = 0; y < height; y++) {
    const at = (y / height) * (bands.length - 1);
    const lo = Math.floor(at);
    const band = bands[lo]! + (bands[Math.min(lo + 1, bands.length - 1)]! - bands[lo]!) * (at - lo);
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const ink = 255 - data[i]!;
      if (ink === 0) continue;
      const across = 0.75 + 0.25 * (edge ? x / width : 1 - x / width);
      const dot = r.next() < dropout ? 0.25 : 0.8 + r.next() * 0.2;
      data[i] = 255 - Math.round(ink * band * across * dot);
    }
  }
  return sharp(data, { raw: { width, height, channels: 1 } })
    .png()
    .toBuffer();
}

const norm = (s: unknown) =>
  String(s ?? '')
    .replace(/\s+/g, ' ')
    .trim();

export interface SynthMeasurement {
  receipts: number;
  company: number;
  date: number;
  address: number;
  total: number;
}

export async function measureSynthReceipts(
  {
    n = 24,
    seed = 12,
    photo = true,
    askew = 0,
  }: { n?: number; seed?: number; photo?: boolean; askew?: number } = {},
  log: (m: string) => void = () => {},
): Promise<SynthMeasurement> {
  const r = rngFor(seed);
  const receipts = Array.from({ length: n }, () => makeReceipt(r));
  // Each rendered with a generator of its own, so straight and photo hold the same receipts.
  return measureRendered(
    receipts,
    { seedOf: (i) => seed * 1000 + i, photo, askew },
    log,
    (i, rec) => `synth ${i} ${rec.font}`,
  );
}

/**
 * Renders each receipt (a generator seeded by `seedOf` for each), EXTRACTs it through the whole
 * pipeline and counts the fields read exactly as the held-out check counts them.
 */
export async function measureRendered<R extends SynthReceipt>(
  receipts: R[],
  {
    seedOf,
    photo,
    askew = 0,
    thermal = false,
    angled = false,
  }: { seedOf: (i: number) => number; photo: boolean } & PhotoOptions,
  log: (m: string) => void,
  tag: (i: number, rec: R) => string,
): Promise<SynthMeasurement> {
  const m: SynthMeasurement = { receipts: 0, company: 0, date: 0, address: 0, total: 0 };
  for (const [i, rec] of receipts.entries()) {
    const bytes = await renderReceipt(rec, rngFor(seedOf(i)), photo, { askew, thermal, angled });
    const parsed = await extractReceipt(bytes, 1, (x) => log(`${tag(i, rec)}: ${x}`));
    const ok = {
      company: norm(parsed.company) === rec.want.company,
      // A date may come back ISO.
      date: norm(parsed.date) === rec.want.date || findDates(rec.want.date)[0]?.value === norm(parsed.date),
      address: norm(parsed.address) === rec.want.address,
      total: norm(parsed.total) === rec.want.total,
    };
    m.receipts++;
    for (const k of ['company', 'date', 'address', 'total'] as const) {
      if (ok[k]) m[k]++;
      log(
        `${tag(i, rec)}: ${ok[k] ? 'ok' : '--'} ${k}: got ${JSON.stringify(norm(parsed[k]))}${ok[k] ? '' : ` want ${JSON.stringify(rec.want[k])}`}`,
      );
    }
  }
  return m;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  const dump = arg('dump');
  if (dump) {
    // Write the rendered receipts for looking at: --dump=/tmp/dir
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(dump, { recursive: true });
    const r = rngFor(Number(arg('seed') ?? 12));
    for (let i = 0; i < Number(arg('n') ?? 24); i++) {
      const rec = makeReceipt(r);
      writeFileSync(
        `${dump}/${i}.jpg`,
        await renderReceipt(
          rec,
          rngFor(Number(arg('seed') ?? 12) * 1000 + i),
          !process.argv.includes('--straight'),
          { askew: Number(arg('askew') ?? 0) },
        ),
      );
    }
  } else {
    const m = await measureSynthReceipts(
      {
        n: Number(arg('n') ?? 24),
        seed: Number(arg('seed') ?? 12),
        photo: !process.argv.includes('--straight'),
        askew: Number(arg('askew') ?? 0),
      },
      process.argv.includes('--verbose') ? console.error : () => {},
    );
    console.log(JSON.stringify(m));
  }
  await (await import('../src/pipeline/formats/index.ts')).closeOcr();
}
