/**
 * The formula-reference panel's HTML page. The webview may load only what
 * the extension serves from its own dist folder (cspSource), run only the
 * script carrying this page's nonce, and show images from there or from
 * data: URIs. No inline style: KaTeX sets its sizes through the DOM's style
 * properties, which a strict style-src allows, never through style
 * attributes in markup.
 */

export interface PanelPage {
  /** The webview's own source for CSP (`webview.cspSource`). */
  readonly cspSource: string;
  /** A fresh random value per page, for the one script allowed to run. */
  readonly nonce: string;
  readonly scriptUri: string;
  readonly styleUri: string;
  /** The sections as JSON safe inside <script> (referenceSectionsJson). */
  readonly dataJson: string;
  /** `kind/name` of the entry to show first, if any. */
  readonly focus?: string;
}

/** The Content-Security-Policy of the page. */
export function panelCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

/** Text safe inside a double-quoted attribute. */
function attribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The whole page. The catalog rides along as a JSON data block, which CSP does not treat as a script. */
export function panelHtml(page: PanelPage): string {
  const focus = page.focus === undefined ? '' : ` data-focus="${attribute(page.focus)}"`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attribute(panelCsp(page.cspSource, page.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attribute(page.styleUri)}">
<title>NN Lab formula reference</title>
</head>
<body${focus}>
<main id="reference" aria-busy="true"></main>
<script type="application/json" id="reference-data">${page.dataJson}</script>
<script nonce="${attribute(page.nonce)}" src="${attribute(page.scriptUri)}"></script>
</body>
</html>`;
}
