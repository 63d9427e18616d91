import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { catalog, lookup } from '../../src/reference/catalog';
import { formulaDataUri, formulaSvg } from '../../src/reference/formula-svg';

const DARK = { color: '#cccccc' };
const LIGHT = { color: '#1f1f1f' };

/** Every way a Node process reaches the network, watched for the whole file. */
const networkCalls = [
  vi.spyOn(http, 'request'),
  vi.spyOn(http, 'get'),
  vi.spyOn(https, 'request'),
  vi.spyOn(https, 'get'),
  vi.spyOn(net, 'connect'),
  vi.spyOn(net, 'createConnection'),
];
const fetchSpy = vi.fn(() => Promise.reject(new Error('no network in formula rendering')));

beforeAll(() => {
  vi.stubGlobal('fetch', fetchSpy);
});

afterAll(() => {
  vi.unstubAllGlobals();
  networkCalls.forEach((spy) => spy.mockRestore());
});

/** Elements closed out of order or never: an XML reader would reject the image. Empty when well nested. */
function unbalancedTags(xml: string): string[] {
  const open: string[] = [];
  const problems: string[] = [];
  for (const [, closing, name, selfClosing] of xml.matchAll(/<(\/?)([A-Za-z][\w:-]*)[^>]*?(\/?)>/g)) {
    if (selfClosing) continue;
    if (!closing) open.push(name);
    else if (open.pop() !== name) problems.push(`</${name}> closes the wrong element`);
  }
  return [...problems, ...open.map((name) => `<${name}> is never closed`)];
}

const heNormal = lookup('initializer', 'he_normal')!;

describe('formulaSvg', () => {
  it('typesets he_normal as a standalone, well-formed SVG document', async () => {
    const svg = await formulaSvg(heNormal.tex, DARK);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.endsWith('</svg>')).toBe(true);
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(svg).toMatch(/viewBox="[-\d.]+ [-\d.]+ [\d.]+ [\d.]+"/);
    // Glyph outlines live in the image itself: defs, and uses that point into them.
    expect(svg).toContain('<defs>');
    expect(svg).not.toMatch(/href="(?!#)/);
    expect(unbalancedTags(svg)).toEqual([]);
    // The first formula loads MathJax and its fonts.
  }, 30_000);

  it('sizes in pixels from the viewBox: 1000 units to the em', async () => {
    const svg = await formulaSvg('x', { color: '#000', emPixels: 20 });
    const [, , width, height] = /viewBox="([-\d.]+) ([-\d.]+) ([\d.]+) ([\d.]+)"/.exec(svg)!.slice(1).map(Number);
    // e.g. a viewBox 572 units wide at 20 px per em is 572/1000·20 = 11.44 px.
    const px = (units: number) => Math.ceil((units / 1000) * 20 * 100) / 100;
    expect(svg).toContain(`width="${px(width)}px"`);
    expect(svg).toContain(`height="${px(height)}px"`);
    expect(svg).not.toContain('ex"');
  });

  it('writes the theme colour in place of currentColor, which an <img> would draw black', async () => {
    const dark = await formulaSvg(heNormal.tex, DARK);
    const light = await formulaSvg(heNormal.tex, LIGHT);
    expect(dark).not.toContain('currentColor');
    expect(dark).toContain('#cccccc');
    expect(light).toContain('#1f1f1f');
    expect(light).not.toContain('#cccccc');
  });

  it('caches: the same formula and colour give the very same string', async () => {
    expect(await formulaSvg(heNormal.tex, DARK)).toBe(await formulaSvg(heNormal.tex, DARK));
  });

  it('rejects TeX it cannot read, instead of drawing an error into the image', async () => {
    await expect(formulaSvg(String.raw`\frac{1}{`, DARK)).rejects.toThrow();
    await expect(formulaSvg(String.raw`\notamacro x`, DARK)).rejects.toThrow();
  });

  it('refuses a colour that could break out of the attribute', async () => {
    await expect(formulaSvg('x', { color: '"/><script>' })).rejects.toThrow(/colour/);
  });

  it('a data URI is base64 of the UTF-8 SVG', async () => {
    const uri = await formulaDataUri(heNormal.tex, LIGHT);
    expect(uri.startsWith('data:image/svg+xml;base64,')).toBe(true);
    const decoded = Buffer.from(uri.slice('data:image/svg+xml;base64,'.length), 'base64').toString('utf8');
    expect(decoded).toBe(await formulaSvg(heNormal.tex, LIGHT));
  });

  it('typesets every catalog formula (MathJax reads the TeX KaTeX reads)', async () => {
    const failures: string[] = [];
    for (const entry of catalog()) {
      try {
        await formulaSvg(entry.tex, DARK);
      } catch (error) {
        failures.push(`${entry.kind} ${entry.name}: ${(error as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
    // Some 90 formulas at tens of milliseconds each: generous room for a busy machine, no claim about speed.
  }, 60_000);

  it('never reached for the network', () => {
    for (const spy of networkCalls) expect(spy).not.toHaveBeenCalled();
    expect(fetchSpy).not.toHaveBeenCalled();
  });
});
