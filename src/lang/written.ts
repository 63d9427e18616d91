import type { ArgumentNode, ListItemNode } from './nodes';

/**
 * A value as the user wrote it, spaces aside: `warmup(steps=50, start_factor=0.1) then step(10)`.
 * Names and numbers keep their spelling, so a compare arm is labelled in the
 * words of its cell.
 */
export function writtenValue(value: ListItemNode): string {
  switch (value.type) {
    case 'name':
    case 'number':
      return value.text;
    case 'string':
      return JSON.stringify(value.value);
    case 'boolean':
      return String(value.value);
    case 'call':
      return `${value.callee.text}(${value.args.map(writtenArgument).join(', ')})`;
    case 'list':
      return `[${value.items.map(writtenValue).join(', ')}]`;
    case 'chain':
      return value.links.map(writtenValue).join(' then ');
  }
}

function writtenArgument(argument: ArgumentNode): string {
  return argument.key ? `${argument.key.text}=${writtenValue(argument.value)}` : writtenValue(argument.value);
}
