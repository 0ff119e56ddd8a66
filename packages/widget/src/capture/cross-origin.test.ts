import { describe, expect, it } from 'vitest';

import { absolute, cssUrls, externalUseFile, isCrossOrigin, placeholderUrl } from './page/cross-origin.js';

const doc = { baseURI: 'https://app.example.com/projects/1' } as Document;

describe('cssUrls', () => {
  it('reads quoted, single-quoted and bare URLs from a computed value', () => {
    const value = 'url("https://cdn.example/a.png"), linear-gradient(red, blue), url(\'b.png\'), url(c.png)';

    expect(cssUrls(value)).toEqual(['https://cdn.example/a.png', 'b.png', 'c.png']);
  });

  it('unescapes quotes inside a URL', () => {
    expect(cssUrls('url("https://cdn.example/a\\"b.png")')).toEqual(['https://cdn.example/a"b.png']);
  });
});

describe('absolute', () => {
  it("resolves against the page's address and keeps only http and https", () => {
    expect(absolute(doc, '/logo.png')).toBe('https://app.example.com/logo.png');
    expect(absolute(doc, 'data:image/png;base64,AAAA')).toBeUndefined();
    expect(absolute(doc, 'blob:https://app.example.com/1')).toBeUndefined();
  });

  it('tells another origin apart, ports included', () => {
    expect(isCrossOrigin(doc, 'https://app.example.com/a.png')).toBe(false);
    expect(isCrossOrigin(doc, 'https://app.example.com:8443/a.png')).toBe(true);
    expect(isCrossOrigin(doc, 'https://cdn.example.com/a.png')).toBe(true);
  });
});

describe('externalUseFile', () => {
  const use = (href: string) => ({ getAttribute: (name: string) => (name === 'href' ? href : null) }) as Element;

  it('names the file of an external sprite without its fragment', () => {
    expect(externalUseFile(doc, use('/icons.svg#close'))).toBe('https://app.example.com/icons.svg');
  });

  it('ignores references into the same document', () => {
    expect(externalUseFile(doc, use('#close'))).toBeUndefined();
  });
});

describe('placeholderUrl', () => {
  it('makes a grey SVG of the given size, at least one pixel', () => {
    const svg = decodeURIComponent(placeholderUrl(40.4, 0).slice('data:image/svg+xml,'.length));

    expect(svg).toContain('width="40" height="1"');
    expect(svg).toContain('fill="#cccccc"');
  });
});
