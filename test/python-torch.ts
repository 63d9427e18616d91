import { spawnSync } from 'node:child_process';

/** Why `import <module>` fails in `python`, or undefined when it works. */
export function importError(module: string, python: string): string | undefined {
  const probe = spawnSync(python, ['-c', `import ${module}`], { encoding: 'utf8' });
  if (probe.error) return probe.error.message;
  if (probe.status !== 0) return probe.stderr.trim().split('\n').pop() ?? `${python} exited with ${probe.status}`;
  return undefined;
}

/**
 * The interpreter the PyTorch tests use: $PYTHON when set (a virtual
 * environment's, say), else the first of python3 on the PATH and the
 * system's (where scripts/setup-pytorch.sh installs Debian's PyTorch) that
 * imports torch. Tests that need it skip, saying why, when it does not.
 */
export const TORCH_PYTHON = process.env.PYTHON ?? ['python3', '/usr/bin/python3'].find((python) => importError('torch', python) === undefined) ?? 'python3';
