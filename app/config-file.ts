/**
 * Reads a config file the user named, bounded in type and size, so that a wrong path is a one-line
 * error instead of a hang or an out-of-memory crash: a FIFO would block `open` and `read` forever
 * (it is opened non-blocking and refused before any read), `/dev/zero` never ends, a directory or a
 * device is no config. A UTF-8 byte-order mark (Windows editors write one) is dropped.
 */
import { closeSync, constants, fstatSync, openSync, readSync, Stats } from 'fs';

/** Far above any real config (the shipped ones are under 2 KB). */
export const MAX_CONFIG_BYTES = 1024 * 1024;

export class ConfigFileError extends Error {}

function kind(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

export function readConfigFile(path: string, maxBytes = MAX_CONFIG_BYTES): string {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new ConfigFileError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new ConfigFileError(`${path} is ${kind(stats)}, not a config file (a regular JSON file)`);
    if (stats.size > maxBytes) throw new ConfigFileError(`${path} is ${stats.size} bytes; a config file is at most ${maxBytes} bytes`);
    // The size may change while reading: never read more than the bound (+1 to notice).
    const buffer = Buffer.alloc(Math.min(stats.size, maxBytes) + 1);
    let total = 0;
    for (let n = -1; n !== 0 && total < buffer.length; total += n) n = readSync(fd, buffer, total, buffer.length - total, null);
    if (total > maxBytes) throw new ConfigFileError(`${path} grew past ${maxBytes} bytes while it was read`);
    const text = buffer.subarray(0, total).toString('utf8');
    return text.startsWith('\uFEFF') ? text.slice(1) : text;
  } catch (error) {
    if (error instanceof ConfigFileError) throw error;
    throw new ConfigFileError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  } finally {
    closeSync(fd);
  }
}
