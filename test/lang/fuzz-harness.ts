import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../../src/engine/rng';
import { checkCell } from '../../src/lang/check';
import { complete } from '../../src/lang/complete';
import { locate } from '../../src/lang/locate';
import { parseCell } from '../../src/lang/parser';
import { signatureAt } from '../../src/lang/signature';
import { fuzzRounds } from '../fuzz-rounds';

/**
 * A seeded fuzz of the cell language as a hostile user would write it: every
 * entry point the editor calls on each keystroke (parseCell, checkCell,
 * complete, signatureAt, locate) on mutated valid cells and on adversarial
 * text — deep brackets, huge words, long lines, control characters, lone
 * surrogates. Shared by the test suite (a few seconds) and `npm run fuzz`
 * (a minute or more), so both try the same kinds of input.
 */

/** One input that made an entry point throw, or answer with a span outside the text. */
export interface FuzzCrash {
  readonly generator: string;
  readonly input: string;
  readonly error: string;
}

/** What a fuzz run found. */
export interface FuzzFigures {
  readonly inputs: number;
  readonly crashes: readonly FuzzCrash[];
  /** The input whose calls together took the most processor time, and that time and its wall time. */
  readonly slowest: Cost & { readonly generator: string; readonly input: string };
  /** The longest wall time any input took; on a busy machine it counts time spent waiting for a core. */
  readonly slowestWallMs: number;
  /** Inputs tried, by generator. */
  readonly byGenerator: Readonly<Record<string, number>>;
}

/** The code blocks of the examples and the language guide: valid cells to mutate. */
export function sourceCells(root: string): string[] {
  const examples = readdirSync(join(root, 'examples'))
    .filter((name) => name.endsWith('.nnlab'))
    .map((name) => join(root, 'examples', name));
  const files = [...examples, join(root, 'docs', 'language.md')];
  return files.flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/```nnlab\r?\n([\s\S]*?)```/g)].map((match) => match[1]));
}

type Generator = (rng: Rng, cells: readonly string[]) => string;

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz_ABCXYZ0123456789 \t\n\r#"\\=,()[]-+.e@$;:\'';
const CONTROL = ['\u0000', '\u0001', '\u0007', '\b', '\u000b', '\f', '\u001b', '\u001f', '\u007f', '\u0085', '\u00a0', '\u2028', '\u2029', '\ufeff', '\u200b', '\u200f', '\ufffd'];
const SURROGATES = ['\ud800', '\udbff', '\udc00', '\udfff', '\ud83d\ude00', '\udc00\ud800'];
const PREFIXES = ['', 'compare lr=', 'compare init=', 'compare schedule=[constant, warmup(5) then ', 'optimizer adam lr=', 'initializer he_normal(', 'model\n  dense 4 init=', 'schedule warmup 5 then ', 'data moons n='];

const pick = <T>(rng: Rng, items: readonly T[]): T => items[rng.int(items.length)];

function insertAt(rng: Rng, text: string, piece: string): string {
  const at = rng.int(text.length + 1);
  return text.slice(0, at) + piece + text.slice(at);
}

function word(rng: Rng, length: number): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz_';
  let text = 'z';
  while (text.length < length) text += letters[rng.int(letters.length)];
  return text;
}

const GENERATORS: Readonly<Record<string, Generator>> = {
  /** A few character edits, cuts and copies of a valid cell. */
  mutated(rng, cells) {
    let text = pick(rng, cells);
    for (let edit = 1 + rng.int(6); edit > 0; edit--) {
      const at = rng.int(text.length + 1);
      const choice = rng.int(4);
      if (choice === 0) text = insertAt(rng, text, ALPHABET[rng.int(ALPHABET.length)]);
      else if (choice === 1) text = text.slice(0, at) + text.slice(at + 1 + rng.int(8));
      else if (choice === 2) text = insertAt(rng, text, text.slice(at, at + rng.int(30)));
      else text = text.slice(0, at) + pick(rng, cells).slice(0, rng.int(60)) + text.slice(at);
    }
    return text;
  },
  /** Thousands of brackets and calls inside one another, closed or not. */
  deepBrackets(rng) {
    const depth = 60 + rng.int(3000);
    const opener = pick(rng, ['[', 'f(', '(', 'adam(lr=', '[f(', 'x=[']);
    let text = pick(rng, PREFIXES) + opener.repeat(depth);
    if (rng.uniform() < 0.5) text += '1' + pick(rng, [']', ')', '])']).repeat(rng.int(depth + 2));
    return text;
  },
  /** A word up to 32 KB long where a keyword, name, key or value goes (checkCell's own tests try 1 MB). */
  hugeWord(rng, cells) {
    const huge = word(rng, 65 + rng.int(32 * 1024));
    const place = rng.int(6);
    if (place === 0) return `${huge} 1`;
    if (place === 1) return `optimizer ${huge}`;
    if (place === 2) return `optimizer adam ${huge}=1`;
    if (place === 3) return `model\n  ${huge} 3`;
    if (place === 4) return `compare ${huge}=[1, 2]`;
    return insertAt(rng, pick(rng, cells), huge);
  },
  /** One line up to 8 KB long: thousands of arguments, commas or list items. */
  longLine(rng, cells) {
    const line = pick(rng, pick(rng, cells).split('\n'));
    const piece = pick(rng, [` ${line}`, ' lr=1', ', 0.5', ' then cosine', ' a', '"x" ', ' #']);
    return pick(rng, PREFIXES) + piece.repeat(Math.ceil((1000 + rng.int(7 * 1024)) / piece.length));
  },
  /** Control, invisible and line-separator characters dropped into a valid cell. */
  controlCharacters(rng, cells) {
    let text = pick(rng, cells);
    for (let n = 1 + rng.int(10); n > 0; n--) text = insertAt(rng, text, pick(rng, CONTROL));
    return text;
  },
  /** Unpaired halves of surrogate pairs, in names, strings and comments. */
  loneSurrogates(rng, cells) {
    let text = pick(rng, cells);
    for (let n = 1 + rng.int(6); n > 0; n--) text = insertAt(rng, text, pick(rng, SURROGATES));
    return rng.uniform() < 0.3 ? `${text}\noptimizer ad${pick(rng, SURROGATES)}am "${pick(rng, SURROGATES)}` : text;
  },
  /** Random characters, short. */
  noise(rng) {
    let text = '';
    for (let n = rng.int(80); n > 0; n--) text += rng.uniform() < 0.1 ? pick(rng, CONTROL) : ALPHABET[rng.int(ALPHABET.length)];
    return text;
  },
};

/** A span an entry point answered with must lie in the text. */
function assertInText(text: string, span: { start: number; end: number } | undefined, what: string): void {
  if (span === undefined) return;
  if (!(span.start >= 0 && span.start <= span.end && span.end <= text.length)) throw new Error(`${what} answered [${span.start}, ${span.end}) outside a text of ${text.length}`);
}

/** Every entry point on one input: the parse and check of the cell, and the editor's questions at the ends and at `offset`. */
function exercise(text: string, offset: number): void {
  for (const problem of parseCell(text).problems) assertInText(text, problem, 'parseCell');
  for (const problem of checkCell(text)) assertInText(text, problem, 'checkCell');
  for (const at of [0, text.length, offset]) {
    assertInText(text, complete(text, at).replace, 'complete');
    signatureAt(text, at);
    assertInText(text, locate(text, at)?.span, 'locate');
  }
}

/** What one input cost: processor time (what the limits hold, whatever else the machine runs) and wall time. */
interface Cost {
  readonly cpuMs: number;
  readonly wallMs: number;
}

/** What `exercise` cost on the input, or what it threw. */
function measured(text: string, offset: number): Cost | { error: string } {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  try {
    exercise(text, offset);
  } catch (error) {
    return { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
  const used = process.cpuUsage(cpu);
  return { cpuMs: (used.user + used.system) / 1000, wallMs: performance.now() - wall };
}

/** Tries generated inputs for `seconds`, from `seed`, and counts what failed and what was slow. */
export function fuzzLanguage(options: { seed: number; seconds: number; cells: readonly string[] }): FuzzFigures {
  const rng = new Rng(options.seed);
  const crashes: FuzzCrash[] = [];
  let slowest: FuzzFigures['slowest'] = { cpuMs: 0, wallMs: 0, generator: '', input: '' };
  let slowestWallMs = 0;
  const counts = fuzzRounds(Object.keys(GENERATORS), options.seconds, (generator) => {
    const input = GENERATORS[generator](rng, options.cells);
    const cost = measured(input, rng.int(input.length + 1));
    if ('error' in cost) crashes.push({ generator, input, error: cost.error });
    else {
      if (cost.cpuMs > slowest.cpuMs) slowest = { ...cost, generator, input };
      slowestWallMs = Math.max(slowestWallMs, cost.wallMs);
    }
  });
  return { ...counts, crashes, slowest, slowestWallMs };
}
