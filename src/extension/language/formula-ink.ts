import * as vscode from 'vscode';
import { formulaDataUri } from '../../reference/formula-svg';

/**
 * Formula images for hovers and completion details, in the ink of the
 * current colour theme. A hover shows the SVG through <img>, where neither
 * currentColor nor the theme's CSS variables reach, so the colour is chosen
 * here, when the hover is built, from the theme's kind: the image is right
 * for the theme it is shown in, and one made for another theme is simply a
 * different cache entry.
 */

/** The default editor foreground of each kind of theme (Dark Modern, Light Modern, and the high-contrast ones). */
const INK: Readonly<Record<vscode.ColorThemeKind, string>> = {
  [vscode.ColorThemeKind.Dark]: '#cccccc',
  [vscode.ColorThemeKind.Light]: '#1f1f1f',
  [vscode.ColorThemeKind.HighContrast]: '#ffffff',
  [vscode.ColorThemeKind.HighContrastLight]: '#000000',
};

/** The formula as a data: URI drawn in the current theme's ink; undefined if it cannot be typeset. */
export async function themedFormula(tex: string): Promise<string | undefined> {
  try {
    return await formulaDataUri(tex, { color: INK[vscode.window.activeColorTheme.kind] });
  } catch {
    // The plain formula is shown all the same; a hover never fails over a picture.
    return undefined;
  }
}
