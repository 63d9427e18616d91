/** A stylesheet bundled with its imports and fonts, as text (the `?inline` import of scripts/renderer-build.mjs). */
declare module '*.css?inline' {
  const stylesheet: string;
  export default stylesheet;
}
