import { describe, expect, it } from 'vitest';
import { locate, type Target } from '../../src/lang/locate';
import { withCursor } from './cursor-marker';

/** A target in one line of text: `concept initializer he_normal`, `parameter lr of optimizer adam`, … */
function describeTarget(target: Target | undefined): string {
  if (target === undefined) return 'nothing';
  switch (target.type) {
    case 'statement':
      return `statement ${target.keyword}`;
    case 'concept':
      return `concept ${target.kind} ${target.name}`;
    case 'parameter':
      return `parameter ${target.param.name} of ${ownerName(target.owner)}`;
    case 'value':
      return `value ${target.text} of ${target.param.name} of ${ownerName(target.owner)}`;
  }
}

function ownerName(owner: { label: string; concept?: { kind: string; name: string } }): string {
  return owner.concept ? `${owner.concept.kind} ${owner.concept.name}` : owner.label;
}

function at(marked: string): string {
  const { text, offset } = withCursor(marked);
  return describeTarget(locate(text, offset));
}

describe('locate: what the word at the cursor is', () => {
  it.each([
    // Statement keywords, in any case.
    ['op|timizer adam', 'statement optimizer'],
    ['|Train epochs=3', 'statement train'],
    // The first value of a concept statement is the concept its keyword names.
    ['optimizer ad|am lr=0.01', 'concept optimizer adam'],
    ['loss m|se', 'concept loss mse'],
    ['clip no|rm 1.0', 'concept clipping norm'],
    ['data spi|rals n=600', 'concept dataset spirals'],
    ['metrics accuracy f|1 auc', 'concept metric f1'],
    ['metrics accuracy top_k_acc|uracy(k=3)', 'concept metric top_k_accuracy'],
    // An alias is located as written; the catalog finds its entry.
    ['optimizer SG|D', 'concept optimizer SGD'],
    // Each clause of a schedule names a schedule.
    ['schedule warm|up 100 then cosine min=1e-5', 'concept schedule warmup'],
    ['schedule warmup 100 then cos|ine min=1e-5', 'concept schedule cosine'],
    // Keys belong to the concept the clause names.
    ['schedule warmup 100 then cosine mi|n=1e-5', 'parameter min of schedule cosine'],
    ['optimizer adam be|ta1=0.8', 'parameter beta1 of optimizer adam'],
    ['optimizer adam beta1=0.|8', 'value 0.8 of beta1 of optimizer adam'],
    // Keys of statements that are not concepts belong to the statement.
    ['train epo|chs=3 batch=16', 'parameter epochs of train'],
    ['split va|l=0.2', 'parameter validation of split'],
    ['normalize min|max', 'value minmax of method of normalize'],
    ['evaluate split=te|st', 'value test of split of evaluate'],
    // An unknown key is nothing to explain.
    ['optimizer adam bta|1=0.8', 'nothing'],
    // Blanks, punctuation and comments without a code.
    ['optimizer adam |  lr=0.1', 'nothing'],
    ['optimizer adam lr|=0.1', 'nothing'],
    ['# a note about ad|am', 'nothing'],
  ])('%s → %s', (marked, expected) => {
    expect(at(marked)).toBe(expected);
  });

  it.each([
    // dense UNITS ACTIVATION init=… bias_init=…
    ['model\n  dense 32 re|lu init=he_normal', 'concept activation relu'],
    ['model\n  dense 32 relu init=he_no|rmal', 'concept initializer he_normal'],
    ['model\n  dense 32 relu init=he_normal(mo|de=fan_out)', 'parameter mode of initializer he_normal'],
    ['model\n  dense 32 relu init=he_normal(mode=fan_o|ut)', 'value fan_out of mode of initializer he_normal'],
    ['model\n  dense 32 leaky_relu(al|pha=0.2)', 'parameter alpha of activation leaky_relu'],
    ['model\n  dense 32 relu bias_init=const|ant(0.1)', 'concept initializer constant'],
    ['model\n  dense 3|2 relu', 'value 32 of units of layer dense'],
    ['model\n  dense 32 relu use_bi|as=false', 'parameter use_bias of layer dense'],
    // Layer names on the model's indented lines, PyTorch spellings too.
    ['model\n  den|se 32 relu', 'concept layer dense'],
    ['model\n  dense 32 relu\n  # a comment line\n  Line|ar 3', 'concept layer dense'],
    ['model\n  dropout 0.2\n  batch|norm momentum=0.1', 'concept layer batchnorm'],
    ['model\n  batchnorm mome|ntum=0.1', 'parameter momentum of layer batchnorm'],
  ])('in a model block: %j → %s', (marked, expected) => {
    expect(at(marked)).toBe(expected);
  });

  it.each([
    ['compare init=[zeros, he_nor|mal] epochs=20', 'concept initializer he_normal'],
    ['compare optimizer=[sgd(l|r=0.1), adam]', 'parameter lr of optimizer sgd'],
    ['compare optimizer=[sgd(lr=0.1), ad|am]', 'concept optimizer adam'],
    ['compare clip=[none, no|rm]', 'concept clipping norm'],
    ['compare lr=[0.3, 0.0|3]', 'value 0.03 of lr of compare'],
    ['compare init=[zeros, he_normal] epo|chs=20', 'parameter epochs of compare'],
    // A chained schedule inside the list: each link names a schedule, `then` names nothing.
    ['compare schedule=[constant, warmup(100) then cos|ine] epochs=3', 'concept schedule cosine'],
    ['compare schedule=[constant, warmup(100) th|en cosine]', 'nothing'],
    ['schedule warmup 100 th|en cosine', 'nothing'],
    ['compare schedule=[constant, warmup(st|eps=50, start_factor=0.1) then step(10)]', 'parameter steps of schedule warmup'],
    ['compare schedule=[constant, warmup(50) then step(step_si|ze=10)]', 'parameter step_size of schedule step'],
    ['data csv "f.csv" target=label ta|sk=regression', 'parameter task of data'],
    ['data cs|v "f.csv" target=label', 'nothing'],
    ['inspect in|it', 'value init of what of inspect'],
  ])('compare, data csv and inspect: %s → %s', (marked, expected) => {
    expect(at(marked)).toBe(expected);
  });

  it.each([
    ['# expect dying-re|lu in layer 2', 'concept diagnostic dying-relu'],
    ['train epochs=5  # watch for the plat|eau', 'concept diagnostic plateau'],
  ])('diagnostic codes in comments: %j → %s', (marked, expected) => {
    expect(at(marked)).toBe(expected);
  });

  it('gives the span of the word, in the cell’s offsets', () => {
    const { text, offset } = withCursor('data moons\nmodel\n  dense 8 relu init=he_u|niform');
    const target = locate(text, offset);
    expect(target?.span && text.slice(target.span.start, target.span.end)).toBe('he_uniform');
  });

  it('an indented line under a statement other than model is not a layer', () => {
    // `dense` is read as a layer all the same, since no statement is called dense.
    expect(at('train epochs=3\n  den|se 4')).toBe('concept layer dense');
    expect(at('train epochs=3\n  tra|in')).toBe('statement train');
  });
});
