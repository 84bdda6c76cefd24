/**
 * Reads a config file the user named through the package's one bounded reader
 * (verify/input-file.ts), so that a wrong path is a one-line error instead of a hang or an
 * out-of-memory crash: a FIFO, `/dev/zero`, a directory or a device is no config. A UTF-8
 * byte-order mark (Windows editors write one) is dropped.
 */
import { BoundedReadError, readBoundedFile } from '../verify/input-file';

/** Far above any real config (the shipped ones are under 2 KB). */
export const MAX_CONFIG_BYTES = 1024 * 1024;

export class ConfigFileError extends Error {}

export function readConfigFile(path: string, maxBytes = MAX_CONFIG_BYTES): string {
  try {
    return readBoundedFile(path, maxBytes);
  } catch (e) {
    if (!(e instanceof BoundedReadError)) throw e;
    if (e.reason === 'type') throw new ConfigFileError(`${path} is ${e.detail.replace('a FIFO (named pipe)', 'a named pipe (FIFO)')}, not a config file (a regular JSON file)`);
    if (e.reason === 'size') {
      const seen = /^\d+$/.test(e.detail) ? `${e.detail} bytes` : 'larger than that';
      throw new ConfigFileError(`${path} is ${seen}; a config file is at most ${maxBytes} bytes`);
    }
    throw new ConfigFileError(`cannot read ${path}: ${e.detail}`);
  }
}
