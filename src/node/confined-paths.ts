import { closeSync, constants, lstatSync, mkdirSync, openSync, readFileSync, readlinkSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ConfigError } from '../engine/errors';
import { cutText } from '../engine/text-limits';
import { OUTSIDE_FOLDERS } from '../session/host';

/**
 * Keeps a notebook's file reads and writes inside the folders it may use, as
 * the user sees them after every `..` and symbolic link is followed: a path
 * is resolved against the notebook's folder, then to its real path (for a
 * path that does not exist yet, the real path of its nearest existing
 * ancestor with the rest appended), and refused unless that lies inside the
 * real path of an allowed folder. Files are then opened at the real path, so
 * a link checked here is not followed again to somewhere else.
 */

/** How a notebook's paths are resolved and confined. */
export interface ConfinementOptions {
  /** Relative paths in the notebook resolve against this folder. */
  readonly base: string;
  /** The folders files may be read from and written to; relative ones resolve against `base`. Default: `base` alone. */
  readonly roots?: readonly string[];
  /** How the user allows another folder, for the refusal: "add it to the setting nnlab.files.allowedFolders". */
  readonly widenHint?: string;
}

/**
 * A path the notebook may not use: "cannot read '/etc/passwd': it is outside
 * the folder …; to allow another folder, …". A ConfigError, since it is the
 * notebook's to fix, with a message complete in itself; it never holds
 * anything read from the file.
 */
export class OutsidePathError extends ConfigError {
  readonly code = OUTSIDE_FOLDERS;
  constructor(
    /** The path as the notebook wrote it. */
    readonly path: string,
    verb: 'read' | 'write',
    /** Why, and how to allow it: the message after the path. */
    readonly reason: string,
  ) {
    super(`cannot ${verb} '${cutText(path)}': ${reason}`);
  }
}

/** Symbolic links followed in a row before a path counts as a loop (Linux's own limit). */
const MAX_LINKS = 40;

/** Reads and writes files only inside the allowed folders. */
export class ConfinedPaths {
  private readonly base: string;
  private readonly shownRoots: readonly string[];
  private readonly realRoots: readonly string[];
  private readonly widenHint: string;

  constructor(options: ConfinementOptions) {
    this.base = resolve(options.base);
    this.shownRoots = [...new Set((options.roots ?? [options.base]).map((root) => resolve(this.base, root)))];
    this.realRoots = this.shownRoots.map((root) => realPathOf(root));
    this.widenHint = options.widenHint ?? 'allow another folder to use files there';
  }

  /** The real path `path` names, after checking it lies inside an allowed folder (to `verb` it, for the refusal). */
  check(path: string, verb: 'read' | 'write'): string {
    const written = resolve(this.base, path);
    const real = realPathOf(written);
    if (this.inside(real)) return real;
    const folders = this.shownRoots.length === 1 ? `the folder ${this.shownRoots[0]}` : `the folders ${this.shownRoots.join(', ')}`;
    const how = this.inside(written) ? 'it leads through a symbolic link to a place outside' : 'it is outside';
    throw new OutsidePathError(path, verb, `${how} ${folders}, where this notebook may read and write files; to ${this.widenHint}`);
  }

  /** A file's bytes, read at its real path inside an allowed folder. */
  read(path: string): Buffer {
    return readFileSync(this.check(path, 'read'));
  }

  /**
   * Writes a file inside an allowed folder, creating its missing folders
   * there; never through a symbolic link, so a link put in its place after
   * the check is refused (ELOOP) rather than followed.
   */
  write(path: string, bytes: Uint8Array): void {
    const real = this.check(path, 'write');
    mkdirSync(dirname(real), { recursive: true });
    const file = openSync(real, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | (constants.O_NOFOLLOW ?? 0));
    try {
      writeFileSync(file, bytes);
    } finally {
      closeSync(file);
    }
  }

  private inside(path: string): boolean {
    return this.realRoots.some((root) => {
      const rest = relative(root, path);
      return rest === '' || (rest !== '..' && !rest.startsWith(`..${sep}`) && !isAbsolute(rest));
    });
  }
}

/**
 * The real path of an absolute path: every symbolic link followed, the
 * missing part (a file or folders not made yet) appended to the real path of
 * its nearest existing ancestor. A link whose target does not exist leads to
 * where that target would be, since writing through it would create it there.
 */
export function realPathOf(path: string, links = 0): string {
  try {
    return realpathSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
  }
  if (links < MAX_LINKS && isLink(path)) return realPathOf(resolve(dirname(path), readlinkSync(path)), links + 1);
  const parent = dirname(path);
  if (parent === path) return path;
  return join(realPathOf(parent, links), path.slice(parent.length).replace(/^[\\/]+/, ''));
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
