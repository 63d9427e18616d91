import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCsvFile, parseCsv, type CsvOptions } from '../../../src/engine/data';
import { ConfigError } from '../../../src/engine/errors';
import { readTextFile } from '../../../src/node/assets';
import { thrown } from '../thrown';

const flowers = [
  'sepal_length,petal_width,species',
  '5.1,0.2,setosa',
  '7.0,1.4,versicolor',
  '6.3,2.5,virginica',
  '4.9,0.2,setosa',
].join('\n');

describe('parseCsv reads a table', () => {
  it('takes the target column as classes (sorted names) and the others as features', () => {
    const ds = parseCsv(flowers, { target: 'species', source: 'flowers.csv' });
    expect([ds.name, ds.task, ds.count, ds.features]).toEqual(['flowers.csv', 'classification', 4, 2]);
    expect(ds.featureNames).toEqual(['sepal_length', 'petal_width']);
    expect(ds.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(Array.from(ds.y)).toEqual([0, 1, 2, 0]);
    expect(Array.from(ds.x)).toEqual([5.1, 0.2, 7.0, 1.4, 6.3, 2.5, 4.9, 0.2].map(Math.fround));
  });

  it('takes any column as the target, wherever it stands', () => {
    const ds = parseCsv('y,a,b\n1.5,1,2\n2.5,3,4\n', { target: 'y', task: 'regression' });
    expect([ds.task, Array.from(ds.y), Array.from(ds.x), ds.featureNames]).toEqual(['regression', [1.5, 2.5], [1, 2, 3, 4], ['a', 'b']]);
  });

  // [target values, task option, task chosen, classes, class index of each row]
  const numericTargets: [string[], CsvOptions['task'], string, string[] | undefined, number[] | undefined][] = [
    // auto: whole numbers, at most 10 distinct → classes, sorted by value
    [['1', '0', '1'], 'auto', 'classification', ['0', '1'], [1, 0, 1]],
    [['10', '2', '2', '10'], undefined, 'classification', ['2', '10'], [1, 0, 0, 1]],
    // auto: a fraction → regression
    [['0.5', '1', '2'], 'auto', 'regression', undefined, undefined],
    // auto: 11 distinct whole numbers → regression
    [['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10'], 'auto', 'regression', undefined, undefined],
    // explicit choices win over the rule; "2.0" and "2" are the same class
    [['1', '0', '1'], 'regression', 'regression', undefined, undefined],
    [['0.5', '10', '2', '2.0'], 'classification', 'classification', ['0.5', '2', '10'], [0, 2, 1, 1]],
    // a text target is classification under auto, names in code-point order
    [['b', 'a', '3'], 'auto', 'classification', ['3', 'a', 'b'], [2, 1, 0]],
  ];
  it.each(numericTargets)('targets %o with task=%s → %s', (values, task, chosen, classes, indices) => {
    const text = ['x,y', ...values.map((v, i) => `${i},${v}`)].join('\n');
    const ds = parseCsv(text, { target: 'y', task });
    expect(ds.task).toBe(chosen);
    expect(ds.classes).toEqual(classes);
    expect(Array.from(ds.y)).toEqual(indices ?? values.map(Number));
  });

  it('reads quoted cells: commas, doubled quotes and line breaks inside them', () => {
    const text = [
      '"length, cm","width",name',
      '"1.5",2,"Iris, setosa"',
      '3,4,"say ""hi"""',
      '5,6,"two',
      'lines"',
      '7,8,plain',
    ].join('\n');
    const ds = parseCsv(text, { target: 'name' });
    expect(ds.featureNames).toEqual(['length, cm', 'width']);
    expect(Array.from(ds.x)).toEqual([1.5, 2, 3, 4, 5, 6, 7, 8]);
    expect(ds.classes).toEqual(['Iris, setosa', 'plain', 'say "hi"', 'two\nlines']);
  });

  it('reads CRLF line ends, a byte-order mark and blank trailing lines as the plain file', () => {
    const plain = parseCsv(flowers, { target: 'species' });
    const windows = parseCsv(`\uFEFF${flowers.replace(/\n/g, '\r\n')}\r\n\r\n\n  \n`, { target: 'species' });
    expect(windows.x).toEqual(plain.x);
    expect(windows.y).toEqual(plain.y);
    expect(windows.featureNames).toEqual(plain.featureNames);
    expect(windows.classes).toEqual(plain.classes);
  });
});

describe('parseCsv names the file, line and column of each mistake', () => {
  // [text, options, message]; columns count characters from the line's start.
  const cases: [string, Partial<CsvOptions>, string][] = [
    ['', {}, 'data.csv: the file is empty; it needs a header row and data rows'],
    ['\n\r\n  \n', {}, 'data.csv: the file is empty; it needs a header row and data rows'],
    ['sepal_length,petal_width,species\n\n', {}, 'data.csv: only a header (line 1), no data rows below it'],
    [
      flowers,
      { target: 'specie' },
      "data.csv:1: no column 'specie' in the header (did you mean 'species'?); the columns are sepal_length, petal_width, species",
    ],
    [flowers, { target: 'label' }, "data.csv:1: no column 'label' in the header; the columns are sepal_length, petal_width, species"],
    // "5.1,abc,setosa": abc starts at character 5
    ['sepal_length,petal_width,species\n4.9,0.2,setosa\n5.1,abc,setosa', {}, "data.csv:3:5: 'abc' is not a number in column 'petal_width'"],
    ['sepal_length,petal_width,species\n5.1,,setosa', {}, "data.csv:2:5: missing value in column 'petal_width'"],
    ['sepal_length,petal_width,species\n5.1,0.2,setosa\n5.1,0.2\n', {}, 'data.csv:3: 2 cells, but the header has 3 columns'],
    ['sepal_length,petal_width,species\n5.1,0.2,setosa,extra', {}, 'data.csv:2: 4 cells, but the header has 3 columns'],
    ['sepal_length,petal_width,species\n5.1,0.2,', {}, "data.csv:2:9: missing value in target column 'species'"],
    // the quoted cell spans lines 2–3, so the bad cell is on line 4
    ['a,b,species\n1,2,"x\ny"\n3,NaN,z', {}, "data.csv:4:3: 'NaN' is not a number in column 'b'"],
    ['a,b,species\n1,2,"open', {}, 'data.csv:2:5: a quoted cell is never closed'],
    ['a,b,species\n1,2,x\n3,4,x', {}, "data.csv: every row has the target 'x' in column 'species'; classification needs at least 2 classes"],
    ['a,b,species\n1,2,x\n3,4,setosa', { task: 'regression' }, "data.csv:2:5: 'x' is not a number in target column 'species' (task=regression needs numbers)"],
    ['a,a,species\n1,2,x', {}, "data.csv:1:3: column 'a' appears twice in the header"],
    ['a,,species\n1,2,x', {}, 'data.csv:1:3: column 2 has no name in the header'],
    ['species\nx\ny', {}, "data.csv:1: no feature columns besides the target 'species'"],
    [flowers, { source: 'runs/iris.csv', target: 'kind' }, "runs/iris.csv:1: no column 'kind' in the header; the columns are sepal_length, petal_width, species"],
    [flowers, { task: 'guess' as CsvOptions['task'] }, 'data csv: task must be one of auto, classification, regression, got guess'],
  ];
  it.each(cases)('%j %o', (text, options, message) => {
    const error = thrown(() => parseCsv(text, { target: 'species', ...options }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe(message);
  });

  it('counts columns after a byte-order mark from the first visible character', () => {
    const error = thrown(() => parseCsv('\uFEFFa,a,y\n1,2,3', { target: 'y' }));
    expect(error.message).toBe("data.csv:1:3: column 'a' appears twice in the header");
  });
});

describe('loadCsvFile reads through the host reader', () => {
  const folder = mkdtempSync(join(tmpdir(), 'nnlab-csv-'));

  it('parses a real file and names it in messages', () => {
    const path = join(folder, 'flowers.csv');
    writeFileSync(path, flowers);
    const ds = loadCsvFile(path, { target: 'species' }, readTextFile);
    expect([ds.name, ds.count]).toEqual([path, 4]);
    const error = thrown(() => loadCsvFile(path, { target: 'Species' }, readTextFile));
    expect(error.message).toBe(`${path}:1: no column 'Species' in the header (did you mean 'species'?); the columns are sepal_length, petal_width, species`);
  });

  it('turns a missing file into a plain message', () => {
    const cases: [string, (path: string) => string, string][] = [
      ['x.csv', readTextFile, "cannot read data file 'x.csv': no such file"],
      [folder, readTextFile, `cannot read data file '${folder}': it is a folder, not a file`],
      [
        'y.csv',
        () => {
          throw new Error('disk on fire');
        },
        "cannot read data file 'y.csv': disk on fire",
      ],
    ];
    for (const [path, reader, message] of cases) {
      const error = thrown(() => loadCsvFile(path, { target: 'species' }, reader));
      expect(error).toBeInstanceOf(ConfigError);
      expect(error.message).toBe(message);
    }
  });
});

describe('parseCsv refuses numbers a float32 table cannot hold', () => {
  // [text, message]: the value is quoted with its line and column.
  const cases: [string, string][] = [
    ['a,b,y\n1,2,x\n3,1e39,y', 'data.csv:3:3: 1e39 is beyond the float32 range (±3.4e38) in column \'b\''],
    ['a,b,y\n-1e39,2,x\n3,4,y', 'data.csv:2:1: -1e39 is beyond the float32 range (±3.4e38) in column \'a\''],
    ['a,b,y\n1,2,x\n3,1e400,y', 'data.csv:3:3: 1e400 is beyond the float32 range (±3.4e38) in column \'b\''],
    ['a,y\n1,0.5\n2,1e39', "data.csv:3:3: 1e39 is beyond the float32 range (±3.4e38) in target column 'y' (task=regression needs numbers)"],
    ['a,b,y\n0x10,2,x\n3,4,y', "data.csv:2:1: '0x10' is not a decimal number (write 16 if that is what it means) in column 'a'"],
    ['a,b,y\n1,0b11,x\n3,4,y', "data.csv:2:3: '0b11' is not a decimal number (write 3 if that is what it means) in column 'b'"],
    ['a,b,y\n1,2,x\n3, 0o7 ,y', "data.csv:3:3: '0o7' is not a decimal number (write 7 if that is what it means) in column 'b'"],
    ['a,b,y\n1,2,x\n3,1_000,y', "data.csv:3:3: '1_000' is not a number in column 'b'"],
  ];
  it.each(cases)('%j', (text, message) => {
    const error = thrown(() => parseCsv(text, { target: 'y' }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe(message);
  });

  it('reads the decimal forms spreadsheets write, up to the largest float32', () => {
    const ds = parseCsv('a,b,y\n+1.5,.5,x\n3.,-2e-3,y\n3.4028235e38,-3.4028234e38,x', { target: 'y' });
    expect(Array.from(ds.x)).toEqual([1.5, 0.5, 3, -2e-3, 3.4028235e38, -3.4028234e38].map(Math.fround));
  });

  it('takes hexadecimal targets as class names, not numbers', () => {
    expect(parseCsv('a,y\n1,0x10\n2,16', { target: 'y' }).classes).toEqual(['0x10', '16']);
  });
});

describe('parseCsv stays fast and its messages short on huge input', () => {
  const header = (columns: number): string => [...Array.from({ length: columns - 1 }, (_, j) => `c${j}`), 'y'].join(',');
  const row = (columns: number, target = 'x'): string => `${'1,'.repeat(columns - 1)}${target}`;
  const table = (columns: number): string => `${header(columns)}\n${row(columns)}\n${row(columns, 'z')}`;
  const fastest = (text: string): number => {
    let best = Infinity;
    for (let run = 0; run < 3; run++) {
      const started = performance.now();
      parseCsv(text, { target: 'y' });
      best = Math.min(best, performance.now() - started);
    }
    return best;
  };

  it('reads a 100,000-column header in well under a second, and 4× the columns in about 4× the time', () => {
    const small = table(25_000);
    const large = table(100_000);
    fastest(small); // warm up the compiler before timing
    const smallMs = fastest(small);
    const largeMs = fastest(large);
    expect(parseCsv(large, { target: 'y' }).features).toBe(99_999);
    expect(largeMs).toBeLessThan(2000);
    // Quadratic work would take 16× as long; allow noise on a busy machine.
    expect(largeMs / Math.max(smallMs, 1)).toBeLessThan(9);
  }, 60_000);

  it('finds a duplicate name among 100,000 columns fast, naming its column', () => {
    const text = `${header(100_000)},c5\n${row(100_001)}`;
    const started = performance.now();
    const error = thrown(() => parseCsv(text, { target: 'y' }));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(error.message).toBe(`data.csv:1:${header(100_000).length + 2}: column 'c5' appears twice in the header`);
  }, 60_000);

  it('quotes at most 80 characters of a 10 MB cell, with its length', () => {
    const cell = 'z'.repeat(10_000_000);
    const error = thrown(() => parseCsv(`a,y\n${cell},1\n2,0`, { target: 'y' }));
    expect(error.message).toBe(`data.csv:2:1: '${'z'.repeat(80)}… (10000000 characters)' is not a number in column 'a'`);
  });

  it('lists 20 column names of a wide header and counts the rest', () => {
    const error = thrown(() => parseCsv(table(1000), { target: 'label' }));
    const listed = Array.from({ length: 20 }, (_, j) => `c${j}`).join(', ');
    expect(error.message).toBe(`data.csv:1: no column 'label' in the header; the columns are ${listed} and 980 more`);
  });

  it('cuts a long column name and a long target name', () => {
    const long = 'n'.repeat(500);
    expect(thrown(() => parseCsv(`${long},y\nabc,1`, { target: 'y' })).message).toBe(`data.csv:2:1: 'abc' is not a number in column '${'n'.repeat(80)}… (500 characters)'`);
    expect(thrown(() => parseCsv('a,b\n1,2', { target: long })).message).toContain(`no column '${'n'.repeat(80)}… (500 characters)' in the header`);
  });
});

describe('loadCsvFile reads only UTF-8', () => {
  const folder = mkdtempSync(join(tmpdir(), 'nnlab-csv-utf8-'));
  const write = (name: string, bytes: number[]): string => {
    const path = join(folder, name);
    writeFileSync(path, Uint8Array.from(bytes));
    return path;
  };
  const ascii = (text: string): number[] => [...new TextEncoder().encode(text)];

  it('names the line, column and byte of the first byte that is not UTF-8 (a Latin-1 é here)', () => {
    // "a,b,y\n" is bytes 0–5; on line 2 "1,2,caf" is 7 characters, so é (0xE9) is byte 13, column 8.
    const path = write('latin1.csv', [...ascii('a,b,y\n1,2,caf'), 0xe9, ...ascii('\n3,4,tea\n')]);
    const error = thrown(() => loadCsvFile(path, { target: 'y', source: 'latin1.csv' }, readTextFile));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe('latin1.csv:2:8: byte 13 (0xE9) is not UTF-8; save the file as UTF-8 text');
  });

  it('counts the column in characters after a byte-order mark and multi-byte letters', () => {
    // BOM (3 bytes), "ü" (2 bytes, 1 character), ",", then a stray continuation byte.
    const path = write('bom.csv', [0xef, 0xbb, 0xbf, 0xc3, 0xbc, ...ascii(','), 0x80, ...ascii(',y\n1,2,3\n')]);
    expect(thrown(() => loadCsvFile(path, { target: 'y', source: 'bom.csv' }, readTextFile)).message).toBe(
      'bom.csv:1:3: byte 6 (0x80) is not UTF-8; save the file as UTF-8 text',
    );
  });

  it('locates a bad first byte and a character cut short at the end of the file', () => {
    const first = write('first.csv', [0xff, ...ascii('a,y\n1,2\n\n')]);
    expect(thrown(() => loadCsvFile(first, { target: 'y', source: 'first.csv' }, readTextFile)).message).toBe(
      'first.csv:1:1: byte 0 (0xFF) is not UTF-8; save the file as UTF-8 text',
    );
    // "€" is E2 82 AC; the file ends after its first two bytes.
    const cut = write('cut.csv', [...ascii('a,y\n1,x\n2,'), 0xe2, 0x82]);
    expect(thrown(() => loadCsvFile(cut, { target: 'y', source: 'cut.csv' }, readTextFile)).message).toBe(
      'cut.csv:3:3: byte 10 (0xE2) is not UTF-8; save the file as UTF-8 text',
    );
  });

  it('still reads a UTF-8 file with a byte-order mark and accented names', () => {
    const path = write('ok.csv', [0xef, 0xbb, 0xbf, ...ascii('größe,y\n1,a\n2,b\n')]);
    expect(loadCsvFile(path, { target: 'y' }, readTextFile).featureNames).toEqual(['größe']);
  });
});
