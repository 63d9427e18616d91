import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { DIAGNOSTIC_CODES } from '../../src/engine/diagnostics/diagnostic';
import { EPOCH_CAPACITY } from '../../src/engine/train/telemetry';
import { LIVE_LIMITS, RESULT_EPOCHS } from '../../src/protocol/live-output';

/**
 * docs/nnlab-run.schema.json and the protocol's types say the same thing:
 * the TypeScript compiler reads the types, and the schema is walked beside
 * them from the `--json` file's root down, property by property. A field in
 * one and not the other, optional in one and required in the other, or an
 * enum with other values fails here and names its path.
 */

const ROOT = resolve(__dirname, '..', '..');

type Schema = {
  $ref?: string;
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  oneOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
};

const schema = JSON.parse(readFileSync(join(ROOT, 'docs', 'nnlab-run.schema.json'), 'utf8')) as Schema & { $defs: Record<string, Schema> };

function definition(node: Schema): Schema {
  if (node.$ref === undefined) return node;
  return schema.$defs[node.$ref.replace('#/$defs/', '')];
}

/** Reads the exported types of the protocol and the CLI's `--json` file with the compiler. */
function protocolTypes() {
  const files = ['src/protocol/cell-output.ts', 'src/cli/main.ts'].map((file) => join(ROOT, file));
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: ['node'],
  });
  const checker = program.getTypeChecker();
  const exported = (file: string, name: string): ts.Type => {
    const source = program.getSourceFile(join(ROOT, file));
    const symbol = source && checker.getExportsOfModule(checker.getSymbolAtLocation(source)!).find((s) => s.name === name);
    if (!symbol) throw new Error(`${file} exports no ${name}`);
    return checker.getDeclaredTypeOfSymbol(symbol);
  };
  return { checker, exported };
}

const { checker, exported } = protocolTypes();

/** A type's members: the types of a union, else the type itself. */
function members(type: ts.Type): readonly ts.Type[] {
  return type.isUnion() ? type.types : [type];
}

function literalValue(type: ts.Type): unknown {
  if (type.isStringLiteral() || type.isNumberLiteral()) return type.value;
  if (type.flags & ts.TypeFlags.BooleanLiteral) return checker.typeToString(type) === 'true';
  return undefined;
}

/** Whether a TypeScript type (one member of a union) can hold a JSON value of the schema's primitive `name`. */
function holds(type: ts.Type, name: string): boolean {
  switch (name) {
    case 'string':
      return (type.flags & ts.TypeFlags.StringLike) !== 0;
    case 'number':
    case 'integer':
      return (type.flags & ts.TypeFlags.NumberLike) !== 0;
    case 'boolean':
      return (type.flags & ts.TypeFlags.BooleanLike) !== 0;
    case 'null':
      return (type.flags & ts.TypeFlags.Null) !== 0;
    default:
      return false;
  }
}

/**
 * Every mismatch between a schema node and a type, as "path: what differs".
 * `type` may include `undefined` (an optional property's); whether the
 * property may be absent is checked by the caller against `required`.
 */
function mismatches(node: Schema, type: ts.Type, path: string): string[] {
  return memberMismatches(node, members(type).filter((t) => !(t.flags & ts.TypeFlags.Undefined)), path);
}

/** {@link mismatches} for the members of a union, `undefined` left out. */
function memberMismatches(node: Schema, present: readonly ts.Type[], path: string): string[] {
  if (node.$ref === '#/$defs/number') return memberMismatches({ type: 'number' }, present, path);
  const schemaNode = definition(node);
  const type = present.map((t) => checker.typeToString(t)).join(' | ');
  if (schemaNode.const !== undefined) {
    return present.length === 1 && literalValue(present[0]) === schemaNode.const ? [] : [`${path}: the schema says ${JSON.stringify(schemaNode.const)}, the type ${type}`];
  }
  if (schemaNode.enum !== undefined) {
    const values = present.map(literalValue);
    const same = values.length === schemaNode.enum.length && schemaNode.enum.every((value) => values.includes(value));
    return same ? [] : [`${path}: the schema's values are ${JSON.stringify(schemaNode.enum)}, the type's ${JSON.stringify(values)}`];
  }
  if (schemaNode.oneOf !== undefined) return alternatives(schemaNode.oneOf, present, path);
  const types = Array.isArray(schemaNode.type) ? schemaNode.type : [schemaNode.type ?? 'object'];
  if (types.length > 1) {
    const unheld = types.filter((name) => !present.some((t) => holds(t, name)));
    const extra = present.filter((t) => !types.some((name) => holds(t, name)));
    return unheld.length === 0 && extra.length === 0 ? [] : [`${path}: the schema says ${types.join(' or ')}, the type ${type}`];
  }
  const [name] = types;
  if (name === 'array' || name === 'object') {
    if (present.length !== 1) return [`${path}: the schema says one ${name}, the type ${type}`];
    if (name === 'object') return objectMismatches(schemaNode, present[0], path);
    const element = checker.getIndexTypeOfType(present[0], ts.IndexKind.Number);
    return element ? mismatches(schemaNode.items ?? {}, element, `${path}[]`) : [`${path}: the schema says array, the type ${type}`];
  }
  return present.every((t) => holds(t, name)) ? [] : [`${path}: the schema says ${name}, the type ${type}`];
}

/** `oneOf`: null beside one shape (a nullable field), or outputs told apart by their `kind`. */
function alternatives(options: readonly Schema[], present: readonly ts.Type[], path: string): string[] {
  const nullable = options.some((option) => option.type === 'null');
  if (nullable) {
    const rest = options.filter((option) => option.type !== 'null');
    const notNull = present.filter((t) => !(t.flags & ts.TypeFlags.Null));
    if (notNull.length === present.length) return [`${path}: the schema allows null, the type does not`];
    if (rest.length !== 1) return [`${path}: expected null beside one shape`];
    return memberMismatches(rest[0], notNull, path);
  }
  if (options.length !== present.length) return [`${path}: the schema has ${options.length} alternatives, the type ${present.length}`];
  return options.flatMap((option) => {
    const kind = definition(option).properties?.kind?.const;
    const member = present.find((t) => {
      const property = t.getProperty('kind');
      return property !== undefined && literalValue(checker.getTypeOfSymbol(property)) === kind;
    });
    return member ? mismatches(option, member, `${path}<${String(kind)}>`) : [`${path}: no type has kind ${String(kind)}`];
  });
}

function objectMismatches(node: Schema, type: ts.Type, path: string): string[] {
  if (node.properties === undefined) {
    // A map: every value of one shape.
    const value = checker.getIndexTypeOfType(type, ts.IndexKind.String);
    if (!value) return [`${path}: the schema says a map, the type ${checker.typeToString(type)}`];
    return typeof node.additionalProperties === 'object' ? mismatches(node.additionalProperties, value, `${path}{}`) : [];
  }
  const problems: string[] = [];
  const required = new Set(node.required ?? []);
  const properties = new Map(type.getProperties().map((symbol) => [symbol.name, symbol]));
  for (const name of properties.keys()) if (!(name in node.properties)) problems.push(`${path}.${name}: in the type, not in the schema`);
  for (const [name, property] of Object.entries(node.properties)) {
    const symbol = properties.get(name);
    if (!symbol) {
      problems.push(`${path}.${name}: in the schema, not in the type`);
      continue;
    }
    const optional = (symbol.flags & ts.SymbolFlags.Optional) !== 0;
    if (optional === required.has(name)) problems.push(`${path}.${name}: ${optional ? 'optional' : 'required'} in the type, ${optional ? 'required' : 'optional'} in the schema`);
    problems.push(...mismatches(property, checker.getTypeOfSymbol(symbol), `${path}.${name}`));
  }
  return problems;
}

describe('the saved-output schema', () => {
  it('matches the protocol types field for field', () => {
    expect(mismatches(schema, exported('src/cli/main.ts', 'RunReport'), 'report')).toEqual([]);
  });

  it('names the mismatches it finds', () => {
    // Guards the walk above against passing because it compares nothing.
    const run = schema.$defs.run;
    const renamed = { ...run, properties: { ...run.properties, epochCount: run.properties!.epochs }, required: run.required!.map((name) => (name === 'epochs' ? 'epochCount' : name)) };
    delete (renamed.properties as Record<string, Schema>).epochs;
    expect(mismatches(renamed, exported('src/protocol/cell-output.ts', 'RunSummary'), 'run')).toEqual(['run.epochs: in the type, not in the schema', 'run.epochCount: in the schema, not in the type']);
    const codes = { ...schema.$defs.diagnostic.properties!.code, enum: ['symmetry'] };
    expect(mismatches(codes, exported('src/protocol/cell-output.ts', 'DiagnosticCode'), 'code')).toHaveLength(1);
    const layers = schema.$defs.layerStats;
    expect(mismatches({ ...layers, required: [...layers.required!, 'negativeSlope'] }, exported('src/protocol/cell-output.ts', 'LayerSummary'), 'layer')).toEqual([
      'layer.negativeSlope: optional in the type, required in the schema',
    ]);
  });

  it("lists the engine's diagnostic codes, in order", () => {
    expect(schema.$defs.diagnostic.properties!.code.enum).toEqual([...DIAGNOSTIC_CODES]);
  });
});

describe('the epoch caps', () => {
  it("keep more epochs in a run than its output holds, so the output's own bound decides", () => {
    expect(EPOCH_CAPACITY).toBeGreaterThanOrEqual(RESULT_EPOCHS);
    expect(RESULT_EPOCHS).toBeGreaterThanOrEqual(LIVE_LIMITS.epochs);
  });
});
