import type { SessionHost } from '../../src/session/host';

/** A host for notebooks on built-in data sets only: any file access is a fault of the test. */
export const noFilesHost: SessionHost = {
  readText: (path) => {
    throw new Error(`unexpected read of ${path}`);
  },
  readBytes: (path) => {
    throw new Error(`unexpected read of ${path}`);
  },
  writeBytes: (path) => {
    throw new Error(`unexpected write of ${path}`);
  },
};
