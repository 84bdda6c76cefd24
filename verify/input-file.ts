/**
 * Reads a file the user named (outputs JSON, CA bundle, a config) bounded in type and size, so that
 * a wrong path is a usage error: a FIFO would block the read (and the open) forever, /dev/zero or a
 * huge log would exhaust memory, a directory cannot be read at all. The one reader of the package;
 * each caller words its own messages from the reason.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'fs';

/** Why a bounded read failed: `open`/`read` carry the errno code, `type` the kind of node, `size` the size seen. */
export class BoundedReadError extends Error {
  constructor(
    readonly reason: 'open' | 'read' | 'type' | 'size',
    readonly detail: string,
  ) {
    super(`${reason}: ${detail}`);
  }
}

export class InputFileError extends Error {}

const CHUNK = 64 * 1024;

/** The file's text (UTF-8, a leading byte-order mark dropped), or a BoundedReadError. */
export function readBoundedFile(path: string, maxBytes: number): string {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw new BoundedReadError('open', errorCode(e));
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new BoundedReadError('type', kindOfNode(stats));
    if (stats.size > maxBytes) throw new BoundedReadError('size', String(stats.size));
    const chunks: Buffer[] = [];
    let total = 0;
    // Still bounded while reading: the file may grow after fstat.
    for (;;) {
      const chunk = Buffer.alloc(CHUNK);
      const n = readSync(fd, chunk, 0, CHUNK, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw new BoundedReadError('size', `more than ${maxBytes}`);
      chunks.push(chunk.subarray(0, n));
    }
    const text = Buffer.concat(chunks).toString('utf8');
    return text.startsWith('\uFEFF') ? text.slice(1) : text;
  } catch (e) {
    if (e instanceof BoundedReadError) throw e;
    throw new BoundedReadError('read', errorCode(e));
  } finally {
    closeSync(fd);
  }
}

/** The verifier's inputs: messages quote the path and name the bound in MB. */
export function readInputFile(path: string, maxBytes: number): string {
  const shown = JSON.stringify(path.length > 200 ? `${path.slice(0, 200)}...` : path);
  try {
    return readBoundedFile(path, maxBytes);
  } catch (e) {
    if (!(e instanceof BoundedReadError)) throw e;
    if (e.reason === 'type') throw new InputFileError(`${shown} is ${e.detail}, not a regular file`);
    if (e.reason === 'size') throw new InputFileError(`${shown} is larger than ${maxBytes / (1024 * 1024)} MB`);
    throw new InputFileError(`cannot read ${shown} (${e.detail})`);
  }
}

function kindOfNode(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}
