import { describe, expect, it } from 'vitest';
import { valueRedactor } from '../src/pipeline/steps/redact-values.ts';

describe('valueRedactor', () => {
  it('replaces every occurrence of every value with its type', () => {
    const redact = valueRedactor([
      ['Pia Rutschmann', 'PERSON'],
      ['059/987 6540', 'PHONE_NUMBER'],
    ]);
    expect(redact('Payable by Pia Rutschmann, 059/987 6540. Thanks, Pia Rutschmann')).toBe(
      'Payable by [PERSON], [PHONE_NUMBER]. Thanks, [PERSON]',
    );
  });

  it('gives a longer value the place before a shorter one that overlaps it, wherever each starts', () => {
    const redact = valueRedactor([
      ['John Ann', 'PERSON'],
      ['Anna Smith', 'PERSON'],
      ['Smith Road 5', 'ADDRESS'],
    ]);
    // "Smith Road 5" is longest; "Anna Smith" overlaps it and loses; "John Ann" overlaps nothing kept
    // (as replacing each value in turn, longest first, would leave it).
    expect(redact('John Anna Smith Road 5')).toBe('[PERSON]a [ADDRESS]');
    expect(redact('to Anna Smith today')).toBe('to [PERSON] today');
  });

  it('leaves a text without any value as it was, and an empty list changes nothing', () => {
    expect(valueRedactor([['Marktgasse 28', 'ADDRESS']])('nothing here, Marktgasse 2')).toBe(
      'nothing here, Marktgasse 2',
    );
    expect(valueRedactor([])('Pia')).toBe('Pia');
  });

  it('handles 20,000 values on a text of one long line', () => {
    const values = Array.from({ length: 20_000 }, (_, i) => [`Customer ${i} Street`, 'ADDRESS'] as const);
    const text = Array.from({ length: 20_000 }, (_, i) => `Customer ${i} Street`).join(' and ');
    const out = valueRedactor(values)(text);
    expect(out.startsWith('[ADDRESS] and [ADDRESS] and')).toBe(true);
    expect(out).not.toMatch(/Customer/);
  });
});
