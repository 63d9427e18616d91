/**
 * Bounds on what an error message quotes from a user's file, so a 10 MB CSV
 * cell stays a one-line message and a JSON value nested 5,000 deep is shown
 * as a few brackets instead of overflowing the stack in JSON.stringify.
 */

/** How many characters of a cell, name or value a message quotes at most. */
export const QUOTED_CHARACTERS = 80;

/** Containers deeper than this are shown as `[…]` or `{…}`. */
const SHOWN_DEPTH = 3;

/**
 * `text` itself when it is at most `limit` characters long; otherwise its
 * start, an ellipsis and the full length: `aaaa… (10485760 characters)`.
 * Never cuts a surrogate pair in two.
 */
export function cutText(text: string, limit = QUOTED_CHARACTERS): string {
  return text.length <= limit ? text : `${head(text, limit)}… (${text.length} characters)`;
}

/**
 * A parsed JSON value written as JSON.stringify writes it (compact), but at
 * most about `limit` characters long: strings are cut, containers nested more
 * than three deep become `[…]` or `{…}`, and the text stops with `…` once it
 * is long enough. Its work is bounded by `limit`, not by the value's size or
 * depth, and it never throws.
 */
export function jsonPreview(value: unknown, limit = QUOTED_CHARACTERS): string {
  const pieces: string[] = [];
  let length = 0;
  const write = (piece: string): void => {
    pieces.push(piece);
    length += piece.length;
  };
  const visit = (item: unknown, depth: number): void => {
    if (length > limit) return;
    if (Array.isArray(item)) {
      if (depth >= SHOWN_DEPTH) return write(item.length === 0 ? '[]' : '[…]');
      write('[');
      for (let i = 0; i < item.length && length <= limit; i++) {
        if (i > 0) write(',');
        visit(item[i], depth + 1);
      }
      write(']');
    } else if (typeof item === 'object' && item !== null) {
      let first = true;
      // for…in stops early; Object.keys would list a million keys to show three.
      for (const key in item) {
        if (!Object.hasOwn(item, key)) continue;
        if (depth >= SHOWN_DEPTH) return write('{…}');
        write(first ? '{' : ',');
        first = false;
        write(`${JSON.stringify(shortened(key, limit))}:`);
        visit((item as Record<string, unknown>)[key], depth + 1);
        if (length > limit) break;
      }
      write(first ? '{}' : '}');
    } else if (typeof item === 'string') {
      // Room for both quotes and the ellipsis, so a lone string is shown closed.
      write(JSON.stringify(shortened(item, limit - 3)));
    } else {
      write(String(item));
    }
  };
  visit(value, 0);
  return shortened(pieces.join(''), limit);
}

/** `text`, or its first `limit` characters and an ellipsis. */
function shortened(text: string, limit: number): string {
  return text.length <= limit ? text : `${head(text, limit)}…`;
}

/** The first `limit` characters, one fewer when the last would be half of a surrogate pair. */
/** The first `limit` characters of `text`, one fewer where the last would cut a surrogate pair in two. */
export function head(text: string, limit: number): string {
  const high = text.charCodeAt(limit - 1);
  return text.slice(0, high >= 0xd800 && high <= 0xdbff ? limit - 1 : limit);
}

/**
 * What a message says it got where a list of numbers belongs: the value's
 * `jsonPreview`, named "a nested value" when the list holds a list or an
 * object, since its brackets alone are easy to misread once cut.
 */
export function listPreview(value: unknown): string {
  const nested = Array.isArray(value) && value.some((item) => typeof item === 'object' && item !== null);
  return nested ? `a nested value ${jsonPreview(value)}` : jsonPreview(value);
}
