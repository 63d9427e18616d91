import { describe, expect, it } from 'vitest';
import { referenceSections } from '../../src/reference/panel-data';
import { panelCsp, panelHtml } from '../../webview/reference-panel/html';
import { entryId, matches, searchText } from '../../webview/reference-panel/view';

describe('formula reference page', () => {
  const page = {
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    nonce: 'abc123==',
    scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/reference-panel/main.js',
    styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/reference-panel/main.css',
    dataJson: '[]',
  };

  it('a strict CSP: nothing by default, scripts by nonce only, no inline styles', () => {
    expect(panelCsp(page.cspSource, page.nonce)).toBe(
      "default-src 'none'; img-src https://file+.vscode-resource.vscode-cdn.net data:; style-src https://file+.vscode-resource.vscode-cdn.net; " +
        "font-src https://file+.vscode-resource.vscode-cdn.net; script-src 'nonce-abc123=='",
    );
  });

  it('the page loads its one script with the nonce and carries the data as a JSON block', () => {
    const html = panelHtml({ ...page, focus: 'optimizer/adam' });
    expect(html).toContain(`<script nonce="abc123==" src="${page.scriptUri}"></script>`);
    expect(html).toContain('<script type="application/json" id="reference-data">[]</script>');
    expect(html).toContain('<body data-focus="optimizer/adam">');
    // No inline style anywhere: the CSP would block it.
    expect(html).not.toMatch(/style=|<style/);
    // Exactly two script elements: the data block and the nonce'd bundle.
    expect(html.match(/<script/g)).toHaveLength(2);
  });

  it('attributes are escaped', () => {
    expect(panelHtml({ ...page, focus: '"><script>' })).toContain('data-focus="&quot;&gt;&lt;script&gt;"');
  });
});

describe('formula reference filter', () => {
  const entries = referenceSections().flatMap((section) => section.entries);
  const found = (filter: string) => entries.filter((entry) => matches(searchText(entry), filter)).map(entryId);

  it.each([
    // An alias finds the entry of its Keras name.
    ['kaiming_normal', 'initializer/he_normal'],
    ['kaiming-normal', 'initializer/he_normal'],
    // Words of the title and summary, in any order and case.
    ['NESTEROV momentum', 'optimizer/nesterov'],
    ['dying-relu', 'diagnostic/dying-relu'],
  ])('%j finds %s', (filter, id) => {
    expect(found(filter)).toContain(id);
  });

  it('an empty filter shows everything; nonsense shows nothing', () => {
    expect(found('   ')).toHaveLength(entries.length);
    expect(found('zzqqxx')).toEqual([]);
  });
});
