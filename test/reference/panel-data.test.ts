import { describe, expect, it } from 'vitest';
import { catalog, CONCEPT_KINDS } from '../../src/reference/catalog';
import { referenceSections, referenceSectionsJson, type ReferenceSection } from '../../src/reference/panel-data';

describe('formula reference panel data', () => {
  const sections = referenceSections();

  it('holds every catalog entry once, grouped by kind in the catalog’s order', () => {
    expect(sections.map((s) => s.kind)).toEqual(CONCEPT_KINDS.filter((kind) => catalog().some((e) => e.kind === kind)));
    const listed = sections.flatMap((s) => s.entries.map((e) => `${e.kind} ${e.name}`));
    expect(listed).toEqual(catalog().map((e) => `${e.kind} ${e.name}`));
  });

  it('writes out defaults and ranges: adam beta1 is 0.9 in [0, 1)', () => {
    const adam = sections.find((s) => s.kind === 'optimizer')!.entries.find((e) => e.name === 'adam')!;
    expect(adam.params.find((p) => p.name === 'beta1')).toMatchObject({ default: '0.9', valid: '[0, 1)' });
    const dense = sections.find((s) => s.kind === 'layer')!.entries.find((e) => e.name === 'dense')!;
    expect(dense.params.find((p) => p.name === 'units')?.default).toBe('required');
  });

  it('JSON that cannot close the <script> it sits in, and reads back the same', () => {
    const sample: ReferenceSection[] = [{ ...sections[0], entries: [{ ...sections[0].entries[0], summary: 'a </script><b>' }] }];
    const json = referenceSectionsJson(sample);
    expect(json).not.toContain('</script>');
    expect(json).not.toContain('<');
    expect(JSON.parse(json)).toEqual(sample);
  });
});
