import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { fuzzSerializer, seedNotebooks, type NotebookSerializerUnderTest } from './serializer-fuzz-harness';

vi.mock('vscode', () => import('./vscode-data-classes'));

const { NnlabSerializer } = await import('../../src/extension/serializer');

describe("the extension's notebook serializer under fuzzing", () => {
  it('opens or refuses every file, saves an unedited one byte for byte and keeps every edit (4 s, seeded)', () => {
    const serializer = new NnlabSerializer({ saveOutputs: () => true } as ConstructorParameters<typeof NnlabSerializer>[0]) as unknown as NotebookSerializerUnderTest;
    const figures = fuzzSerializer({ seed: 5, seconds: 4, serializer, seeds: seedNotebooks(join(__dirname, '..', '..')) });
    expect(figures.crashes.slice(0, 3)).toEqual([]);
    for (const [generator, count] of Object.entries(figures.byGenerator)) expect({ generator, tried: count > 0 }).toEqual({ generator, tried: true });
    // Both answers happened: files that are not UTF-8 refused, the others round-tripped.
    expect(figures.refused).toBeGreaterThan(0);
    expect(figures.roundTrips).toBeGreaterThan(figures.inputs / 2);
    // A megabyte line takes tens of ms; a quadratic step would take seconds.
    expect(figures.slowest.ms).toBeLessThan(2000);
  }, 30_000);
});
