import { cardCatalog } from '../src/reference/card-catalog';

/**
 * The catalog the formula cards read. Here it is computed from the engine's
 * registries, as tests in Node use it; the renderer's bundle holds its value
 * as data instead (scripts/renderer-build.mjs), so no engine code goes with it.
 */
export const CARD_CATALOG = cardCatalog();
