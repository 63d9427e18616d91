import { activations } from '../engine/activations';
import { datasets } from '../engine/data';
import { initializers } from '../engine/initializers';
import { batchNormParams } from '../engine/layers/batchnorm';
import { dropoutParams } from '../engine/layers/dropout';
import { losses } from '../engine/losses';
import { metrics } from '../engine/metrics';
import { clippers } from '../engine/optim/clipping';
import { optimizers } from '../engine/optim/optimizers';
import { schedules } from '../engine/optim/schedules';
import type { ParamInfo, ParamList } from '../engine/params';
import type { NamedEntry, Registry } from '../engine/registry';

/** One kind of concept the engine knows, as documentation lists it. */
export interface VocabularySection {
  readonly kind: string;
  readonly entries: readonly { readonly name: string; readonly aliases: readonly string[]; readonly params: ParamList }[];
}

function section(registry: Registry<NamedEntry>): VocabularySection {
  return { kind: registry.kind, entries: registry.entries() };
}

/** Every named concept of the engine, read from the registries themselves. */
export function vocabulary(): VocabularySection[] {
  return [
    { kind: 'layer', entries: [
      { name: 'batchnorm', aliases: ['BatchNorm1d', 'BatchNormalization'], params: batchNormParams },
      { name: 'dropout', aliases: ['Dropout'], params: dropoutParams },
    ] },
    section(activations),
    section(initializers),
    section(optimizers),
    section(clippers),
    section(schedules),
    section(losses),
    section(metrics),
    section(datasets),
  ];
}

function formatDefault(param: ParamInfo): string {
  if (param.required) return '*required*';
  if (param.default === undefined) return '—';
  return `\`${String(param.default)}\``;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** The vocabulary as Markdown: one table of parameters per concept. */
export function vocabularyMarkdown(): string {
  const lines = [
    '# NN Lab engine vocabulary',
    '',
    'Every name the engine accepts, its aliases, and its parameters with defaults and valid ranges.',
    'Generated from the engine\'s own registries by `npm run docs`; do not edit by hand.',
    '',
  ];
  for (const { kind, entries } of vocabulary()) {
    lines.push(`## ${kind[0].toUpperCase()}${kind.slice(1)}s`, '');
    for (const entry of entries) {
      const aliases = entry.aliases.length > 0 ? ` (also ${entry.aliases.map((a) => `\`${a}\``).join(', ')})` : '';
      lines.push(`### \`${entry.name}\`${aliases}`, '');
      const params = entry.params.describe();
      if (params.length === 0) {
        lines.push('No parameters.', '');
        continue;
      }
      lines.push('| parameter | default | valid | meaning |', '| --- | --- | --- | --- |');
      for (const param of params) {
        const valid = param.values ? param.values.join(' \\| ') : param.kind === 'boolean' ? 'true \\| false' : escapeCell(param.range);
        lines.push(`| \`${param.name}\` | ${formatDefault(param)} | ${valid} | ${escapeCell(param.doc)} |`);
      }
      lines.push('');
    }
  }
  return lines.join('\n');
}
