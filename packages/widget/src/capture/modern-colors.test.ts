import { describe, expect, it } from 'vitest';

import { hasForeignColor, replaceForeignColors } from './page/modern-colors.js';

const mark = (color: string) => `<${color}>`;

describe('replaceForeignColors', () => {
  it('replaces each colour function and keeps the rest of a shadow list', () => {
    const value = 'oklch(0.5 0.1 30) 2px 2px 0px 0px, lab(50 20 30) 0px 0px 4px 0px';

    expect(replaceForeignColors(value, mark)).toBe(
      '<oklch(0.5 0.1 30)> 2px 2px 0px 0px, <lab(50 20 30)> 0px 0px 4px 0px',
    );
  });

  it('replaces a whole color-mix() with its nested functions as one colour', () => {
    const value = 'linear-gradient(color-mix(in oklab, oklch(0.5 0.1 30) 40%, white), rgb(0, 0, 0))';

    expect(replaceForeignColors(value, mark)).toBe(
      'linear-gradient(<color-mix(in oklab, oklch(0.5 0.1 30) 40%, white)>, rgb(0, 0, 0))',
    );
  });

  it('leaves URLs that merely contain a colour name alone', () => {
    const value = 'url("https://cdn.example/lab(1).png"), url("https://cdn.example/color(x).png")';

    expect(hasForeignColor('rgb(0, 0, 0)')).toBe(false);
    expect(replaceForeignColors(value, mark)).toBe(value);
    expect(replaceForeignColors(`url("a.png"), lab(1 2 3)`, mark)).toBe(
      'url("a.png"), <lab(1 2 3)>',
    );
  });

  it('tells which values html2canvas would refuse', () => {
    expect(hasForeignColor('oklab(0.5 0.1 0.1)')).toBe(true);
    expect(hasForeignColor('color(display-p3 1 0 0)')).toBe(true);
    expect(hasForeignColor('rgba(0, 0, 0, 0.5) 1px 1px')).toBe(false);
    expect(hasForeignColor('hsl(120 50% 50%)')).toBe(false);
  });
});
