/**
 * What the clippers' catalog texts share. ‖g‖ is the L2 norm over every
 * gradient of every parameter.
 */

/** The norm every global clipper measures, in TeX. */
export const GLOBAL_NORM = String.raw`\lVert g \rVert = \sqrt{\textstyle\sum_p \sum_i g_{p,i}^2}`;

/** What a clipper does with a non-finite norm. */
export const NON_FINITE = 'A NaN or infinite norm is reported and the gradients are left alone, so divergence shows instead of being hidden.';
