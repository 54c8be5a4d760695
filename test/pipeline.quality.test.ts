import { describe, expect, it } from 'vitest';
import { scoreQuality } from '../src/pipeline/steps/quality.ts';

const CLEAN =
  'The committee met on Tuesday to review the annual budget. Members agreed that the new ' +
  'library should open in the spring, and the treasurer presented a report on the costs of ' +
  'heating, lighting and repairs to the roof of the town hall.';

// The same text as an OCR engine might misread it: letters swapped for look-alikes, stray symbols.
const NOISY =
  'Tbe comrnittee rnet on Tuesdav to revievv the annua1 budqet. Mernbers aqreed tbat the nevv ' +
  'librarv sbould opeu in tbe spriuq, aud tbe treasurcr preseuted a rep0rt ou the c0sts of ' +
  'heatinq, liqhtiug aud repairs t0 the r0of of tbe tovvn ha1l.';

// Upside-down text read the right way up: mirrored letters glued to symbols.
const GARBAGE =
  '“xoy AZe] 94} JBAO peduunl Bop umosgq yoinb ay *xo} Aze] eu) JeA0 peduuni Bop umosg yoInb ay “xo Aze] ay} JaA0 ||2 }X9} JuOd Z|,';

describe('scoreQuality', () => {
  it('grades a clean text layer A', () => {
    const q = scoreQuality([{ text: CLEAN, ocr: false, confidence: 1 }]);
    expect(q.grade).toBe('A');
    expect(q.score).toBeGreaterThanOrEqual(0.9);
  });

  it('grades clean OCR with high confidence A and lowers it with the engine confidence', () => {
    expect(scoreQuality([{ text: CLEAN, ocr: true, confidence: 0.96 }]).grade).toBe('A');
    const low = scoreQuality([{ text: CLEAN, ocr: true, confidence: 0.6 }]);
    expect(low.grade).toBe('C');
    expect(low.signals.ocrConfidence).toBeCloseTo(0.6);
  });

  it('grades misread OCR text below B', () => {
    const q = scoreQuality([{ text: NOISY, ocr: true, confidence: Number.NaN }]);
    expect(['C', 'D']).toContain(q.grade);
    expect(q.signals.wordRatio).toBeLessThan(0.75);
  });

  it('grades garbage D, as OCR or as a text layer', () => {
    expect(scoreQuality([{ text: GARBAGE, ocr: true, confidence: Number.NaN }]).grade).toBe('D');
    expect(scoreQuality([{ text: GARBAGE, ocr: false, confidence: 1 }]).grade).toBe('D');
  });

  it('does not punish a text layer in another language or script', () => {
    const latin =
      'Lorem ipsum dolor sit amet, consetetur sadipscing elitr, sed diam nonumy eirmod tempor invidunt ut labore.';
    expect(scoreQuality([{ text: latin, ocr: false, confidence: 1 }]).grade).toBe('A');
    expect(
      scoreQuality([{ text: '침하게 흐린 품이 눈이 올 듯하더니 눈은 아니 오고', ocr: false, confidence: 1 }])
        .grade,
    ).toBe('A');
  });

  it('sees a letter-spaced broken layer', () => {
    const text = `${CLEAN} A l e t t e r f r o m t h e c o m p a n y a c c e p t i n g t h e t e r m s.`;
    const q = scoreQuality([{ text, ocr: false, confidence: 1 }]);
    expect(q.signals.fragments).toBeGreaterThan(0.2);
    expect(q.grade).toBe('D');
  });

  it('scales by page coverage and gives an empty document D', () => {
    const half = scoreQuality([
      { text: CLEAN, ocr: false, confidence: 1 },
      { text: '  3 ', ocr: false, confidence: 1 },
    ]);
    expect(half.signals.coverage).toBe(0.5);
    expect(half.score).toBeLessThanOrEqual(0.55);
    expect(scoreQuality([]).grade).toBe('D');
    expect(scoreQuality([{ text: '', ocr: true, confidence: 0 }]).score).toBe(0);
  });

  it('keeps the score within 0..1 and consistent with its grade', () => {
    for (const text of [CLEAN, NOISY, GARBAGE, '', '1', '@@@@ #### $$$$']) {
      const q = scoreQuality([{ text, ocr: true, confidence: 0.5 }]);
      expect(q.score).toBeGreaterThanOrEqual(0);
      expect(q.score).toBeLessThanOrEqual(1);
    }
  });
  it('counts characters, not UTF-16 units, and Latin letters among all letters', () => {
    // Fraktur letters lie outside the BMP and are no Latin script; "ab" is; "½" is a number, "©" garbage.
    const q = scoreQuality([{ text: '𝔘𝔫𝔦 ab ½ ©\n', ocr: false, confidence: 1 }]);
    expect(q.signals.chars).toBe(7);
    expect(q.signals.latinShare).toBe(0.4);
    expect(q.signals.garbage).toBe(round3(1 / 7));
  });
});

const round3 = (x: number) => Math.round(x * 1000) / 1000;
