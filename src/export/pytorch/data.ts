import type { Dataset } from '../../engine/data/dataset';
import { layerConfig, layerInputShapes } from '../../engine/layers';
import type { NamedTensor } from '../../engine/model';
import type { IntegerTensor } from '../../engine/weights';
import { cite, type ScriptContext } from './context';
import type { TargetForm } from './loss';
import { pyFloat, pyString } from './python';

/** The data part of the script, and what the data file beside it holds (nothing to write when `tensors` is undefined). */
export interface DataPart {
  readonly code: string;
  readonly tensors?: { readonly floats: NamedTensor[]; readonly integers: IntegerTensor[] };
}

/**
 * Loading, splitting and scaling as the session does them. Generated data
 * sets come from our own generators, whose floating-point steps (sin, cos,
 * log of our random numbers) need not round the same in Python, so their
 * samples are stored in the data file beside the script. A CSV file is read
 * by the script itself with the same parsing. The split is ours too (a
 * seeded, stratified draw): its rows are stored, so both halves hold the
 * same samples in the same order. Scaling is plain numpy, fitted on the
 * training rows as ours is.
 */
export function dataSection(context: ScriptContext, targets: TargetForm): DataPart {
  const { declarations, full, rows } = context.program;
  const data = declarations.data!;
  const source = data.value;
  const rowTensors: IntegerTensor[] = rows
    ? [
        { name: 'train_rows', dtype: 'I64', shape: [rows.train.length], values: [...rows.train] },
        ...(rows.validation ? [{ name: 'validation_rows', dtype: 'I64' as const, shape: [rows.validation.length], values: [...rows.validation] }] : []),
      ]
    : [];
  const fromFile = source.kind === 'named';
  const floats: NamedTensor[] = fromFile
    ? [
        { name: 'x', shape: [full.count, full.features], value: full.x },
        { name: 'y', shape: [full.count, full.targetWidth], value: full.y },
      ]
    : [];
  const needsFile = fromFile || rowTensors.length > 0;
  const lines: string[] = [];
  if (needsFile) lines.push(`DATA_FILE = os.path.join(HERE, ${pyString(context.dataFileName)})`);
  if (source.kind === 'csv') lines.push(...csvConstants(context, source.path, source.target, full));
  lines.push('', '');
  if (source.kind === 'csv') lines.push(CSV_READER, '', '');
  const scaling = declarations.normalize?.value ?? 'none';
  if (scaling !== 'none') lines.push(scalerCode(scaling, cite(context, declarations.normalize!.location)), '', '');
  lines.push(targetCode(targets, full.targetWidth), '', '');
  const doc = [
    `${cite(context, data.location)}: ${fromFile ? 'the samples as NN Lab made or loaded them, stored in DATA_FILE' : 'read from the CSV file'}`,
    ...(declarations.split ? [`${cite(context, declarations.split.location)}: the rows NN Lab drew, stored in DATA_FILE`] : []),
  ];
  lines.push('def load_data():', `    """Training and validation inputs and targets (validation None without a split).`, '', ...doc.map((line) => `    ${line}`), '    """');
  if (needsFile) lines.push('    stored = read_safetensors(DATA_FILE)');
  lines.push(fromFile ? '    x, y = stored["x"], stored["y"]' : '    x, y = read_csv(CSV_FILE)');
  const modelInput = layerInputShapes(full.sampleShape, declarations.model!.value.map((spec) => layerConfig(spec))).inputs[0];
  if (modelInput.length > 1) lines.push(`    x = x.reshape(len(x), ${modelInput.join(', ')})  # stored as rows; the model takes [${modelInput.join(', ')}] samples`);
  if (rows) {
    lines.push('    x_train, y_train = x[stored["train_rows"]], y[stored["train_rows"]]');
    lines.push(rows.validation ? '    x_val, y_val = x[stored["validation_rows"]], y[stored["validation_rows"]]' : '    x_val = y_val = None');
  } else {
    lines.push('    x_train, y_train = x, y', '    x_val = y_val = None');
  }
  if (scaling !== 'none') lines.push('    x_train, x_val = scale_features(x_train, x_val)');
  const tokens = declarations.model?.value[0]?.kind === 'embedding';
  const inputs = (name: string) => (tokens ? `torch.from_numpy(${name}.astype(np.int64))` : `torch.from_numpy(${name})`);
  if (tokens) lines.push('    # Token ids, as nn.Embedding takes them.');
  lines.push('    return (', `        ${inputs('x_train')}, to_targets(y_train),`, `        None if x_val is None else ${inputs('x_val')}, None if y_val is None else to_targets(y_val),`, '    )');
  return { code: lines.join('\n'), ...(needsFile ? { tensors: { floats, integers: rowTensors } } : {}) };
}

/** The CSV file's path, target column and the classes in our order (class index = position). */
function csvConstants(context: ScriptContext, path: string, target: string, full: Dataset): string[] {
  const lines = [`CSV_FILE = os.path.join(HERE, ${pyString(context.scriptPath(path))})`, `TARGET = ${pyString(target)}`];
  if (full.task !== 'classification') return [...lines, 'CLASSES = None  # regression: the target is read as a number'];
  // Classes are numbers exactly when every target was a decimal number; they are then looked up by value.
  const numeric = full.classes!.every((name) => DECIMAL.test(name));
  const keys = full.classes!.map((name, index) => `${numeric ? pyFloat(Number(name)) : pyString(name)}: ${index}`);
  return [...lines, `CLASSES = {${keys.join(', ')}}  # the classes NN Lab found, in its order${numeric ? ' (by value)' : ''}`, `NUMERIC_CLASSES = ${numeric ? 'True' : 'False'}`];
}

/** A decimal number as our CSV reader accepts one (src/engine/data/csv.ts). */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

const CSV_READER = `def read_csv(path):
    """Every column but TARGET is a float32 feature; blank lines are skipped.
    Classification targets become class indices by CLASSES."""
    with open(path, newline="", encoding="utf-8-sig") as file:
        rows = [row for row in csv.reader(file) if not (len(row) == 1 and row[0].strip() == "")]
    names = [name.strip() for name in rows[0]]
    target = names.index(TARGET)
    x = np.array([[float(cell) for j, cell in enumerate(row) if j != target] for row in rows[1:]], dtype=np.float32)
    labels = [row[target].strip() for row in rows[1:]]
    if CLASSES is None:
        y = np.array([[float(label)] for label in labels], dtype=np.float32)
    else:
        y = np.array([[CLASSES[float(label) if NUMERIC_CLASSES else label]] for label in labels], dtype=np.float32)
    return x, y`;

/** `scale_features(x_train, x_val)`: our standard or min-max scaler, fitted on the training rows in float64 and stored as float32. */
function scalerCode(kind: 'standard' | 'minmax', source: string): string {
  const fit =
    kind === 'standard'
      ? [
          '    low, high = wide.min(axis=0), wide.max(axis=0)',
          '    std = wide.std(axis=0)',
          '    # A constant feature is only shifted, as a zero σ cannot divide.',
          '    offset = np.where(low == high, low, wide.mean(axis=0)).astype(np.float32)',
          '    scale = np.where((low == high) | (std == 0), 1.0, std).astype(np.float32)',
        ]
      : ['    low, high = wide.min(axis=0), wide.max(axis=0)', '    offset = low.astype(np.float32)', '    scale = np.where(high > low, high - low, 1.0).astype(np.float32)'];
  return [
    'def scale_features(x_train, x_val):',
    `    """${source}: ${kind === 'standard' ? '(x − mean) / σ per feature, population σ' : '(x − min) / (max − min) per feature'}, fitted on the training rows."""`,
    '    wide = x_train.astype(np.float64)',
    ...fit,
    '    def apply(x):',
    '        return None if x is None else ((x.astype(np.float64) - offset) / scale).astype(np.float32)',
    '    return apply(x_train), apply(x_val)',
  ].join('\n');
}

/** `to_targets(y)`: the stored float rows as the loss takes them (`width` labels per sample). */
function targetCode(form: TargetForm, width: number): string {
  if (form === 'indices' && width > 1) {
    return ['def to_targets(y):', '    """A class index per timestep, [samples, time]."""', '    return torch.from_numpy(y.astype(np.int64))'].join('\n');
  }
  return form === 'indices'
    ? ['def to_targets(y):', '    """Class indices, as the cross-entropy functions take them."""', '    return torch.from_numpy(y.reshape(-1).astype(np.int64))'].join('\n')
    : ['def to_targets(y):', '    """Float rows, one per sample."""', '    return torch.from_numpy(y.reshape(len(y), -1).astype(np.float32))'].join('\n');
}

/** Reads the safetensors files the script loads (our data file, and weights) with numpy alone, so the script needs no safetensors package. */
export const SAFETENSORS_READER = `def read_safetensors(path):
    """A safetensors file as numpy arrays: an 8-byte little-endian header size,
    a JSON header naming each tensor's dtype, shape and byte range, then the data."""
    with open(path, "rb") as file:
        raw = file.read()
    size = int.from_bytes(raw[:8], "little")
    header = json.loads(raw[8:8 + size])
    body = raw[8 + size:]
    dtypes = {"F32": "<f4", "F64": "<f8", "I64": "<i8", "I32": "<i4"}
    arrays = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        arrays[name] = np.frombuffer(body[start:end], dtype=dtypes[info["dtype"]]).reshape(info["shape"]).copy()
    return arrays`;
