import type { ParamInfo } from '../engine/params';
import { lineAt, readLine, significantTokens, type Frame } from './cursor';
import type { Token } from './scanner';
import { paramDetail, paramNamed, positionAt, type Shape } from './shapes';

/**
 * Signature help: the parameter list of the statement, layer or call around
 * the cursor, with the one being written marked. A statement reads
 * `optimizer adam lr=0.001 beta1=0.9 …`, a call `he_normal(mode=fan_in, …)`;
 * each parameter shows its default, so the list doubles as a reminder of
 * what an unset parameter will be.
 */

/** One parameter of a signature: where its text is in the label, and what it means. */
export interface SignatureParameter {
  readonly start: number;
  readonly end: number;
  readonly documentation: string;
}

/** One signature: its label, what it is, its parameters, and which one the cursor writes. */
export interface Signature {
  readonly label: string;
  readonly documentation: string;
  readonly parameters: readonly SignatureParameter[];
  /** Index into `parameters`; undefined when the cursor is past every one. */
  readonly activeParameter: number | undefined;
}

/** The signature around `offset`, or undefined at a line's head, in a comment, or on an unknown statement. */
export function signatureAt(text: string, offset: number): Signature | undefined {
  const line = lineAt(text, offset);
  if (line.tokens.some((token) => token.kind === 'comment' && token.start < offset)) return undefined;
  const typed = line.tokens.find((token) => token.kind === 'name' && token.start < offset && offset <= token.end);
  const cut = typed?.start ?? offset;
  const tokens = significantTokens(line);
  const before = tokens.filter((token) => token.end <= cut);
  if (before.length === 0) return undefined;
  const state = readLine(line, before);
  const owner = ownerFrame(state.frames);
  if (owner?.shape === undefined) return undefined;
  const shape = owner.shape;
  const signature = describe(shape);
  const active = activeIndex(shape, owner, typed, tokens);
  return { ...signature, activeParameter: active };
}

/** The innermost level with parameters: a list belongs to the key that holds it. */
function ownerFrame(frames: readonly Frame[]): Frame | undefined {
  for (let i = frames.length - 1; i >= 0; i--) if (frames[i].kind !== 'list') return frames[i];
  return undefined;
}

/** Which parameter the cursor is writing: the key being typed or given, else the next positional place. */
function activeIndex(shape: Shape, frame: Frame, typed: Token | undefined, tokens: readonly Token[]): number | undefined {
  const next = typed && tokens[tokens.indexOf(typed) + 1];
  const typedKey = typed?.kind === 'name' && next?.kind === 'equals' ? paramNamed(shape, typed.text) : undefined;
  const param = typedKey ?? frame.key?.param;
  if (param) return shape.places.length + shape.params.indexOf(param);
  if (frame.key) return undefined;
  const position = positionAt(shape, frame.positional);
  if (position?.place) return shape.places.indexOf(position.place);
  if (position?.param) return shape.places.length + shape.params.indexOf(position.param);
  return undefined;
}

/** `lr=0.001`, `units` (required), `epochs=…` (no default). */
function paramLabel(param: ParamInfo): string {
  if (param.required) return param.name;
  return `${param.name}=${param.default === undefined ? '…' : String(param.default)}`;
}

/** The label with each parameter's span in it. */
function describe(shape: Shape): Omit<Signature, 'activeParameter'> {
  const pieces = [
    ...shape.places.map((place) => ({ text: place.label, documentation: place.doc })),
    ...shape.params.map((param) => ({ text: paramLabel(param), documentation: `${param.doc} (${paramDetail(param, shape.keySlots?.[param.name])})` })),
  ];
  const call = shape.style === 'call';
  let label = call ? `${shape.label}(` : shape.label;
  const parameters: SignatureParameter[] = [];
  pieces.forEach((piece, index) => {
    label += call ? (index === 0 ? '' : ', ') : ' ';
    parameters.push({ start: label.length, end: label.length + piece.text.length, documentation: piece.documentation });
    label += piece.text;
  });
  if (shape.repeats) label += ' …';
  if (call) label += ')';
  return { label, documentation: shape.summary, parameters };
}
