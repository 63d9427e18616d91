import { describe, expect, it } from 'vitest';
import { contrastRatio, withContrast } from '../../webview/theme';

/** Series colours are darkened (or lightened) just enough for WCAG's 3:1 against the output's background. */
describe('series colours against the background', () => {
  const white = [255, 255, 255];
  const darkBackground = [31, 31, 31];

  it('measures contrast as WCAG does', () => {
    expect(contrastRatio(white, [0, 0, 0])).toBeCloseTo(21, 5);
    expect(contrastRatio([119, 119, 119], white)).toBeCloseTo(4.48, 2);
  });

  it('darkens a yellow or a pale green until a thin line on white reaches 3:1, and not much further', () => {
    for (const color of [[204, 167, 0], [137, 209, 133]]) {
      expect(contrastRatio(color, white)).toBeLessThan(3);
      const readable = withContrast(color, white, 3);
      expect(contrastRatio(readable, white)).toBeGreaterThanOrEqual(3);
      const lessMixed = color.map((channel, i) => Math.round(channel + (readable[i] - channel) * 0.5));
      expect(contrastRatio(lessMixed, white)).toBeLessThan(3.5);
      // Darker, not greyer: the strongest channel stays the strongest.
      expect(readable.indexOf(Math.max(...readable))).toBe(color.indexOf(Math.max(...color)));
    }
  });

  it('leaves a colour that is already readable as it is, and lightens on a dark background', () => {
    expect(withContrast([26, 100, 200], white, 3)).toEqual([26, 100, 200]);
    const lifted = withContrast([80, 40, 120], darkBackground, 3);
    expect(contrastRatio(lifted, darkBackground)).toBeGreaterThanOrEqual(3);
    expect(lifted[0]).toBeGreaterThan(80);
  });
});
