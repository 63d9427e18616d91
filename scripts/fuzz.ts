// `npm run fuzz`: the fuzz of the cell language (test/lang/fuzz-harness.ts),
// of the file readers — CSV, safetensors, JSON weights
// (test/engine/data/readers-fuzz-harness.ts) — and of the extension's
// notebook serializer (test/extension/serializer-fuzz-harness.ts), for longer
// than the test suite runs them, each printing the inputs tried, the crashes
// and the slowest input.
//
//   npm run fuzz                          60 s each from seed 1
//   npm run fuzz -- --seconds 600 --seed 7
//
// Exits 1 when an input crashed or a language input took over 200 ms of processor time.
import { fuzzReaders } from '../test/engine/data/readers-fuzz-harness';
import { NnlabSerializer } from '../src/extension/serializer';
import { fuzzSerializer, seedNotebooks, type NotebookSerializerUnderTest } from '../test/extension/serializer-fuzz-harness';
import { fuzzLanguage, sourceCells } from '../test/lang/fuzz-harness';

/** Inputs may take this much processor time each, as in the test suite. */
const LIMIT_MS = 200;

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at < 0 ? fallback : Number(process.argv[at + 1]);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} takes a number, got '${process.argv[at + 1]}'`);
  return value;
}

/** The start of an input, one line, for the report. */
function preview(input: string): string {
  const shown = JSON.stringify(input.slice(0, 80));
  return input.length > 80 ? `${shown}… (${input.length} characters)` : shown;
}

const seconds = option('seconds', 60);
const seed = option('seed', 1);
const figures = fuzzLanguage({ seed, seconds, cells: sourceCells(process.cwd()) });
const { slowest } = figures;
const kinds = Object.entries(figures.byGenerator).map(([name, count]) => `${name} ${count}`).join(', ');

console.log(`cell language fuzz, seed ${seed}, ${seconds} s`);
console.log(`inputs tried: ${figures.inputs} (${kinds})`);
console.log(`crashes: ${figures.crashes.length}`);
for (const crash of figures.crashes.slice(0, 10)) console.log(`  ${crash.generator}: ${crash.error}\n    on ${preview(crash.input)}`);
console.log(`slowest input: ${slowest.cpuMs.toFixed(1)} ms of processor time (${slowest.wallMs.toFixed(1)} ms wall), ${slowest.generator}, ${preview(slowest.input)}`);
console.log(`longest wall time of any input: ${figures.slowestWallMs.toFixed(1)} ms`);

const readers = fuzzReaders({ seed, seconds });
const readerKinds = Object.entries(readers.byGenerator).map(([name, count]) => `${name} ${count}`).join(', ');
console.log(`\nfile readers fuzz, seed ${seed}, ${seconds} s`);
console.log(`inputs tried: ${readers.inputs} (${readerKinds}); refused with a located error: ${readers.refused}`);
console.log(`crashes: ${readers.crashes.length}`);
for (const crash of readers.crashes.slice(0, 10)) console.log(`  ${crash.generator}: ${crash.error}\n    on ${preview(crash.input)}`);
console.log(`slowest input: ${readers.slowest.ms.toFixed(1)} ms, ${readers.slowest.generator}, ${readers.slowest.bytes} bytes`);
const serializer = new NnlabSerializer({ saveOutputs: () => true } as ConstructorParameters<typeof NnlabSerializer>[0]) as unknown as NotebookSerializerUnderTest;
const notebooks = fuzzSerializer({ seed, seconds, serializer, seeds: seedNotebooks(process.cwd()) });
const notebookKinds = Object.entries(notebooks.byGenerator).map(([name, count]) => `${name} ${count}`).join(', ');
console.log(`\nnotebook serializer fuzz, seed ${seed}, ${seconds} s`);
console.log(`inputs tried: ${notebooks.inputs} (${notebookKinds}); refused as not UTF-8: ${notebooks.refused}; opened, saved back byte for byte and edited: ${notebooks.roundTrips}`);
console.log(`crashes: ${notebooks.crashes.length}`);
for (const crash of notebooks.crashes.slice(0, 10)) console.log(`  ${crash.generator}: ${crash.error}\n    on ${preview(crash.input)}`);
console.log(`slowest input: ${notebooks.slowest.ms.toFixed(1)} ms, ${notebooks.slowest.generator}, ${notebooks.slowest.bytes} bytes`);
process.exitCode = figures.crashes.length === 0 && slowest.cpuMs <= LIMIT_MS && readers.crashes.length === 0 && notebooks.crashes.length === 0 ? 0 : 1;
