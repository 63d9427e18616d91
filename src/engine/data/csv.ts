import { ConfigError, didYouMean } from '../errors';
import { choice, ParamSchema } from '../params';
import { cutText } from '../text-limits';
import { hexByte, Utf8Error } from '../utf8';
import { createDataset, type Dataset } from './dataset';

/**
 * A user's own table as a data set. The caller reads the file (the engine
 * opens none); `parseCsv` turns its text into rows of numeric features and one
 * target column, and every mistake in the file is reported as
 * "file:line:column: what is wrong", the column counted in characters from
 * the start of the line, as editors and terminals read such a location.
 */

/** Distinct whole-number targets up to this many make 'auto' choose classification. */
export const AUTO_MAX_CLASSES = 10;

export const csvSchema = new ParamSchema('data csv', {
  task: choice({
    values: ['auto', 'classification', 'regression'] as const,
    default: 'auto',
    doc:
      `auto: classification when a target is not a number, or when every target is a whole number and there are at most ${AUTO_MAX_CLASSES} distinct ones; ` +
      'regression otherwise.',
  }),
});

export interface CsvOptions {
  /** The header name of the column to predict; every other column is a feature. */
  readonly target: string;
  /** The file's name in messages ("data.csv:14:3: …") and the data set's name. Default 'data.csv'. */
  readonly source?: string;
  /**
   * 'classification' makes each distinct target a class (names sorted: by
   * value when all are numbers, by code point otherwise); 'regression' needs
   * numbers; 'auto' (default) is described in `csvSchema`.
   */
  readonly task?: 'auto' | 'classification' | 'regression';
}

interface Cell {
  readonly text: string;
  readonly line: number;
  readonly column: number;
  readonly quoted: boolean;
}

interface Row {
  readonly line: number;
  readonly cells: readonly Cell[];
}

/**
 * Splits CSV text into rows of cells (RFC 4180): commas between cells, LF or
 * CRLF between rows, double quotes around a cell that holds a comma, a quote
 * ("" inside) or a line break. Blank lines are dropped. Text after a closing
 * quote is kept, as spreadsheets do, rather than refused.
 */
function readRows(text: string, source: string): Row[] {
  const rows: Row[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const atRowEnd = (): boolean => i >= text.length || text[i] === '\n' || text[i] === '\r';
  while (i < text.length) {
    const rowLine = line;
    const cells: Cell[] = [];
    for (;;) {
      const cellLine = line;
      const column = i - lineStart + 1;
      let value = '';
      const quoted = text[i] === '"';
      if (quoted) {
        i++;
        for (;;) {
          if (i >= text.length) throw new ConfigError(`${source}:${cellLine}:${column}: a quoted cell is never closed`);
          const ch = text[i];
          if (ch === '"' && text[i + 1] === '"') {
            value += '"';
            i += 2;
          } else if (ch === '"') {
            i++;
            break;
          } else {
            if (ch === '\n') {
              line++;
              lineStart = i + 1;
            }
            if (!(ch === '\r' && text[i + 1] === '\n')) value += ch;
            i++;
          }
        }
      }
      // One slice, not a character at a time: a cell may be megabytes long.
      const runStart = i;
      while (!atRowEnd() && text[i] !== ',') i++;
      value += text.slice(runStart, i);
      cells.push({ text: value, line: cellLine, column, quoted });
      if (text[i] !== ',') break;
      i++;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    line++;
    lineStart = i;
    const blank = cells.length === 1 && !cells[0].quoted && cells[0].text.trim() === '';
    if (!blank) rows.push({ line: rowLine, cells });
  }
  return rows;
}

/** A decimal number as spreadsheets write it: `12`, `-0.5`, `.5`, `3.`, `1e-3`. */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * The number a decimal cell holds, or undefined for anything else: empty,
 * "abc", "NaN", "Infinity", and the hexadecimal, binary and octal forms
 * (`0x10`, `0b11`, `0o7`) that JavaScript's Number() would also accept.
 */
function numberIn(text: string): number | undefined {
  const trimmed = text.trim();
  return DECIMAL.test(trimmed) ? Number(trimmed) : undefined;
}

/** How many header names a message lists before it says how many more there are. */
const LISTED_NAMES = 20;

/**
 * Reads a CSV table with a header row into a data set: the `target` column
 * becomes y, every other column a numeric feature. Accepts a byte-order mark,
 * CRLF line ends, quoted cells and blank trailing lines. Throws a ConfigError
 * naming the file, line and column for a missing target column (with the
 * nearest header name), a cell that is not a decimal number (`0x10` is
 * refused, not read as 16) or lies beyond the float32 range, a row with the
 * wrong number of cells, an empty file or a header with no rows. Messages
 * quote at most 80 characters of a cell or name.
 */
export function parseCsv(text: string, options: CsvOptions): Dataset {
  const source = options.source ?? 'data.csv';
  const { task } = csvSchema.resolve(options.task === undefined ? {} : { task: options.task });
  const rows = readRows(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, source);
  if (rows.length === 0) throw new ConfigError(`${source}: the file is empty; it needs a header row and data rows`);
  const [header, ...body] = rows;
  const names = header.cells.map((cell) => cell.text.trim());
  // A set, not names.indexOf per name: a header of 100,000 columns must not take 10¹⁰ steps.
  const seen = new Set<string>();
  names.forEach((name, j) => {
    const { line, column } = header.cells[j];
    if (name === '') throw new ConfigError(`${source}:${line}:${column}: column ${j + 1} has no name in the header`);
    if (seen.has(name)) throw new ConfigError(`${source}:${line}:${column}: column '${cutText(name)}' appears twice in the header`);
    seen.add(name);
  });
  const target = cutText(options.target);
  const targetColumn = names.indexOf(options.target);
  if (targetColumn < 0) {
    throw new ConfigError(`${source}:${header.line}: no column '${target}' in the header${didYouMean(options.target, names)}; the columns are ${namesText(names)}`);
  }
  if (names.length < 2) throw new ConfigError(`${source}:${header.line}: no feature columns besides the target '${target}'`);
  if (body.length === 0) throw new ConfigError(`${source}: only a header (line ${header.line}), no data rows below it`);

  const features = names.length - 1;
  const x = new Float32Array(body.length * features);
  const targets: Cell[] = [];
  body.forEach((row, r) => {
    if (row.cells.length !== names.length) {
      throw new ConfigError(`${source}:${row.line}: ${row.cells.length} cells, but the header has ${names.length} columns`);
    }
    let f = 0;
    row.cells.forEach((cell, j) => {
      if (j === targetColumn) {
        if (cell.text.trim() === '') throw new ConfigError(`${source}:${cell.line}:${cell.column}: missing value in target column '${cutText(names[j])}'`);
        targets.push(cell);
        return;
      }
      x[r * features + f++] = numericCell(cell, names[j], source);
    });
  });

  const featureNames = names.filter((_, j) => j !== targetColumn);
  const numeric = targets.map((cell) => numberIn(cell.text));
  const allNumeric = numeric.every((value) => value !== undefined);
  const classification =
    task === 'classification' ||
    (task === 'auto' && (!allNumeric || (numeric.every((value) => Number.isInteger(value)) && new Set(numeric).size <= AUTO_MAX_CLASSES)));
  if (!classification) {
    const y = Float32Array.from(targets, (cell) => numericCell(cell, options.target, source, true));
    return createDataset({ name: source, x, y, task: 'regression', features, featureNames });
  }
  const labels = allNumeric ? numeric.map((value) => String(value)) : targets.map((cell) => cell.text.trim());
  const classes = allNumeric
    ? [...new Set(numeric as number[])].sort((a, b) => a - b).map(String)
    : [...new Set(labels)].sort();
  if (classes.length < 2) {
    throw new ConfigError(`${source}: every row has the target '${cutText(classes[0])}' in column '${target}'; classification needs at least 2 classes`);
  }
  const indexOf = new Map(classes.map((name, index) => [name, index]));
  const y = Float32Array.from(labels, (label) => indexOf.get(label) ?? -1);
  return createDataset({ name: source, x, y, task: 'classification', features, classes, featureNames });
}

/** A feature's or a regression target's value, which must be a decimal number that fits a float32. */
function numericCell(cell: Cell, columnName: string, source: string, isTarget = false): number {
  const text = cell.text.trim();
  const value = numberIn(text);
  if (value !== undefined && Number.isFinite(Math.fround(value))) return value;
  const fail = (what: string): never => {
    const where = isTarget ? `target column '${cutText(columnName)}' (task=regression needs numbers)` : `column '${cutText(columnName)}'`;
    throw new ConfigError(`${source}:${cell.line}:${cell.column}: ${what} in ${where}`);
  };
  if (value !== undefined) return fail(`${cutText(text)} is beyond the float32 range (±3.4e38)`);
  if (text === '') return fail('missing value');
  const radixValue = /^0[xbo]/i.test(text) ? Number(text) : Number.NaN;
  if (Number.isFinite(radixValue)) return fail(`'${cutText(text)}' is not a decimal number (write ${radixValue} if that is what it means)`);
  return fail(`'${cutText(text)}' is not a number`);
}

/** The header names joined for a message, the first 20 and a count of the rest. */
function namesText(names: readonly string[]): string {
  const listed = names.slice(0, LISTED_NAMES).map((name) => cutText(name));
  const more = names.length - listed.length;
  return more > 0 ? `${listed.join(', ')} and ${more} more` : listed.join(', ');
}

/**
 * Reads a file's text; throws what Node's fs throws (an error with `code`
 * 'ENOENT' for a missing file), or a Utf8Error for bytes that are not UTF-8.
 */
export type TextReader = (path: string) => string;

const readFailures: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a folder, not a file',
};

/**
 * Reads and parses a CSV file through `readText`; a file that cannot be read
 * becomes "cannot read data file 'x.csv': no such file", a byte that is not
 * UTF-8 "x.csv:2:8: byte 13 (0xE9) is not UTF-8 …". Messages about the
 * contents name the file by `path` unless `options.source` says otherwise.
 */
export function loadCsvFile(path: string, options: CsvOptions, readText: TextReader): Dataset {
  let text: string;
  try {
    text = readText(path);
  } catch (error) {
    // The reader's own refusal (a file too large, say) is already a message.
    if (error instanceof ConfigError) throw error;
    if (error instanceof Utf8Error) {
      throw new ConfigError(`${options.source ?? cutText(path)}:${error.line}:${error.column}: byte ${error.offset} (${hexByte(error.byte)}) is not UTF-8; save the file as UTF-8 text`);
    }
    const code = (error as { code?: unknown } | null)?.code;
    const reason = (typeof code === 'string' ? readFailures[code] : undefined) ?? (error instanceof Error ? error.message : String(error));
    throw new ConfigError(`cannot read data file '${cutText(path)}': ${cutText(reason)}`);
  }
  return parseCsv(text, { ...options, source: options.source ?? cutText(path) });
}
