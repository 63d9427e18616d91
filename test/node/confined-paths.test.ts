import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfinedPaths, OutsidePathError, realPathOf } from '../../src/node/confined-paths';
import { createNodeHost } from '../../src/node/host';

/**
 * Real folders in a fresh temporary folder:
 *   top/ws/            the notebook's folder (the one allowed root)
 *   top/ws-evil/       a sibling whose name starts with the root's
 *   top/outside/       a folder the notebook may not use, with secret.txt
 *   top/extra/         a folder a setting adds, in some tests
 */
let top: string;
let ws: string;
let outside: string;
const SECRET = 'root:x:0:0:root:/root:/bin/bash\n';

beforeEach(() => {
  top = mkdtempSync(join(tmpdir(), 'nnlab-confine-'));
  ws = join(top, 'ws');
  outside = join(top, 'outside');
  for (const folder of [ws, outside, join(top, 'ws-evil'), join(top, 'extra')]) mkdirSync(folder);
  writeFileSync(join(outside, 'secret.txt'), SECRET);
  writeFileSync(join(top, 'ws-evil', 'secret.txt'), SECRET);
  writeFileSync(join(ws, 'inside.txt'), 'a,b\n1,2\n');
});
afterEach(() => rmSync(top, { recursive: true, force: true }));

const files = (roots?: string[]) => new ConfinedPaths({ base: ws, ...(roots ? { roots } : {}), widenHint: 'allow another folder, add it to the setting nnlab.files.allowedFolders' });

/** The refusal `run` throws; fails the test when it throws nothing or something else. */
function refusal(run: () => unknown): OutsidePathError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(OutsidePathError);
    return error as OutsidePathError;
  }
  throw new Error('expected the path to be refused');
}

describe('ConfinedPaths', () => {
  it('reads and writes inside the notebook folder, creating missing nested folders there', () => {
    files().write('runs/2024/a/b/weights.bin', new Uint8Array([1, 2, 3]));
    expect([...readFileSync(join(ws, 'runs/2024/a/b/weights.bin'))]).toEqual([1, 2, 3]);
    expect(files().read('inside.txt').toString()).toBe('a,b\n1,2\n');
    expect(files().read(join(ws, 'inside.txt')).toString()).toBe('a,b\n1,2\n');
    expect(files().read('runs/../inside.txt').toString()).toBe('a,b\n1,2\n');
  });

  it.each([
    ['a relative path up and out', '../outside/secret.txt'],
    ['a path that climbs out through a folder', 'runs/../../outside/secret.txt'],
    ['many levels up', '../../../../../../../../etc/passwd'],
    ['an absolute path', '/etc/passwd'],
    ['a sibling whose name starts with the folder name', '../ws-evil/secret.txt'],
  ])('refuses %s, naming the folder and the setting, never the contents', (_, path) => {
    const error = refusal(() => files().read(path));
    expect(error.path).toBe(path);
    expect(error.code).toBe('EOUTSIDE');
    expect(error.message).toBe(`cannot read '${path}': it is outside the folder ${ws}, where this notebook may read and write files; to allow another folder, add it to the setting nnlab.files.allowedFolders`);
    expect(error.message).not.toContain('root:');
  });

  it('refuses to write outside, and creates no folder there', () => {
    refusal(() => files().write('../x.safetensors', new Uint8Array([1])));
    refusal(() => files().write(join(outside, 'new/deeper/x.bin'), new Uint8Array([1])));
    refusal(() => files().write('../outside/secret.txt', new Uint8Array([1])));
    expect(existsSync(join(top, 'x.safetensors'))).toBe(false);
    expect(existsSync(join(outside, 'new'))).toBe(false);
    expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toBe(SECRET);
  });

  it('refuses a symbolic link inside that points outside, for reading and for writing', () => {
    symlinkSync(join(outside, 'secret.txt'), join(ws, 'link.txt'));
    const read = refusal(() => files().read('link.txt'));
    expect(read.message).toMatch(/^cannot read 'link.txt': it leads through a symbolic link to a place outside the folder /);
    refusal(() => files().write('link.txt', new Uint8Array([1])));
    expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toBe(SECRET);
  });

  it('refuses a linked folder that leads outside, and a dangling link whose target would be created outside', () => {
    symlinkSync(outside, join(ws, 'data'));
    refusal(() => files().write('data/new/x.bin', new Uint8Array([1])));
    expect(existsSync(join(outside, 'new'))).toBe(false);
    symlinkSync(join(outside, 'not-yet.bin'), join(ws, 'dangling.bin'));
    refusal(() => files().write('dangling.bin', new Uint8Array([1])));
    expect(existsSync(join(outside, 'not-yet.bin'))).toBe(false);
  });

  it('follows links that stay inside, and writes to their target rather than the link', () => {
    mkdirSync(join(ws, 'real'));
    symlinkSync(join(ws, 'real'), join(ws, 'alias'));
    files().write('alias/w.bin', new Uint8Array([7]));
    expect([...readFileSync(join(ws, 'real/w.bin'))]).toEqual([7]);
    symlinkSync(join(ws, 'inside.txt'), join(ws, 'again.txt'));
    expect(files().read('again.txt').toString()).toBe('a,b\n1,2\n');
  });

  it('accepts a notebook folder reached through a link, since roots are compared by real path', () => {
    symlinkSync(ws, join(top, 'ws-link'));
    const linked = new ConfinedPaths({ base: join(top, 'ws-link') });
    expect(linked.read('inside.txt').toString()).toBe('a,b\n1,2\n');
    refusal(() => linked.read('../outside/secret.txt'));
  });

  it('allows the folders a setting adds, by absolute or relative path, and names them all when refusing', () => {
    writeFileSync(join(top, 'extra', 'table.csv'), 'x,y\n');
    const wider = files([ws, join(top, 'extra')]);
    expect(wider.read('../extra/table.csv').toString()).toBe('x,y\n');
    expect(files([ws, '../extra']).read(join(top, 'extra', 'table.csv')).toString()).toBe('x,y\n');
    expect(refusal(() => wider.read('../outside/secret.txt')).message).toContain(`the folders ${ws}, ${join(top, 'extra')}, where`);
  });
});

describe('realPathOf', () => {
  it('appends the missing part to the real path of the nearest existing ancestor', () => {
    symlinkSync(outside, join(ws, 'out'));
    expect(realPathOf(join(ws, 'out/a/b/c.bin'))).toBe(join(realPathOf(outside), 'a/b/c.bin'));
    expect(realPathOf(join(ws, 'a/b'))).toBe(join(realPathOf(ws), 'a/b'));
  });
});

describe('createNodeHost', () => {
  it('gives the session the refusal as an error with code EOUTSIDE, for reads and writes', () => {
    const host = createNodeHost(ws, { widenHint: 'allow another folder, pass --allow-folder DIR' });
    expect(() => host.readText('/etc/passwd')).toThrow(expect.objectContaining({ code: 'EOUTSIDE' }));
    expect(() => host.readBytes('../outside/secret.txt')).toThrow(OutsidePathError);
    expect(() => host.writeBytes('../x.bin', new Uint8Array([1]))).toThrow(/pass --allow-folder DIR$/);
    expect(existsSync(join(top, 'x.bin'))).toBe(false);
    expect(host.readText('inside.txt')).toBe('a,b\n1,2\n');
  });
});
