/**
 * Reads a file the user named (outputs JSON, CA bundle) bounded in type and size, so that a wrong
 * path is a usage error: a FIFO would block the read (and the open) forever, /dev/zero or a huge
 * log would exhaust memory, a directory cannot be read at all.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'fs';

export class InputFileError extends Error {}

const CHUNK = 64 * 1024;

export function readInputFile(path: string, maxBytes: number): string {
  const shown = JSON.stringify(path.length > 200 ? `${path.slice(0, 200)}...` : path);
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw new InputFileError(`cannot read ${shown} (${errorCode(e)})`);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new InputFileError(`${shown} is ${kindOfNode(stats)}, not a regular file`);
    if (stats.size > maxBytes) throw new InputFileError(`${shown} is larger than ${maxBytes / (1024 * 1024)} MB`);
    const chunks: Buffer[] = [];
    let total = 0;
    // Still bounded while reading: the file may grow after fstat.
    for (;;) {
      const chunk = Buffer.alloc(CHUNK);
      const n = readSync(fd, chunk, 0, CHUNK, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw new InputFileError(`${shown} is larger than ${maxBytes / (1024 * 1024)} MB`);
      chunks.push(chunk.subarray(0, n));
    }
    return Buffer.concat(chunks).toString('utf8');
  } catch (e) {
    if (e instanceof InputFileError) throw e;
    throw new InputFileError(`cannot read ${shown} (${errorCode(e)})`);
  } finally {
    closeSync(fd);
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
