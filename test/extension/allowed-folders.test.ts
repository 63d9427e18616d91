import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allowedFolders } from '../../src/extension/allowed-folders';
import { Settings } from '../../src/extension/settings';

describe('allowedFolders', () => {
  it('is the workspace folder alone when the setting adds none', () => {
    expect(allowedFolders('/ws', [])).toEqual(['/ws']);
  });

  it('adds absolute folders, ~/ folders under the home folder, and relative ones under the workspace folder', () => {
    expect(allowedFolders('/ws', ['/data/sets', '~/datasets', '../shared', 'runs', '/ws'])).toEqual(['/ws', '/data/sets', join(homedir(), 'datasets'), '/shared', '/ws/runs']);
  });

  it('leaves out entries that are not text, or empty', () => {
    expect(allowedFolders('/ws', [3, null, '', '  ', { path: '/x' }, '/ok'])).toEqual(['/ws', '/ok']);
  });

  it('reads nnlab.files.allowedFolders as a list, anything else as none', () => {
    expect(new Settings((key) => (key === 'files.allowedFolders' ? ['/a', 2] : undefined)).allowedFolders()).toEqual(['/a', 2]);
    expect(new Settings((key) => (key === 'files.allowedFolders' ? '/a' : undefined)).allowedFolders()).toEqual([]);
  });
});
