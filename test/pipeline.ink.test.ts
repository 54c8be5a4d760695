import { describe, expect, it } from 'vitest';
import { edgeDark } from '../src/pipeline/formats/ink.ts';

/** A grey image from rows of characters: '#' dark (20), '+' faded ink (180), '.' paper (250). */
function image(rows: string[]): { luma: Uint8Array; width: number; height: number } {
  const width = rows[0]!.length;
  const luma = Uint8Array.from(rows.join('').split(''), (c) => (c === '#' ? 20 : c === '+' ? 180 : 250));
  return { luma, width, height: rows.length };
}

describe('edgeDark', () => {
  it('finds the dark pixels that reach the edge, not the ink on the paper', () => {
    const { luma, width, height } = image(['##......#', '#..##...#', '#..#....#', '##....+.#', '###.....#']);
    const { mask, count } = edgeDark(luma, width, height, 128);
    const marked = [...mask].map((m, i) => (m ? i : -1)).filter((i) => i >= 0);
    // The left band and the right column; the stroke inside (and the faded dot) are the page's.
    expect(count).toBe(14);
    expect(marked).not.toContain(1 * width + 3);
    expect(marked).not.toContain(2 * width + 3);
    expect(marked).toContain(4 * width + 2);
  });

  it('finds nothing on a page whose edges are paper', () => {
    const { luma, width, height } = image(['.....', '.##..', '.....']);
    expect(edgeDark(luma, width, height, 128).count).toBe(0);
  });
});
