/**
 * Reads a file the user named (outputs JSON, CA bundle) with a size bound, so that a wrong path
 * (a huge log, /dev/zero, a directory) is a usage error instead of an out-of-memory crash.
 */
import { closeSync, openSync, readSync } from 'fs';

export class InputFileError extends Error {}

const CHUNK = 64 * 1024;

export function readInputFile(path: string, maxBytes: number): string {
  const shown = JSON.stringify(path);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new InputFileError(`cannot read ${shown} (${errorCode(e)})`);
  }
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    // Read chunk by chunk rather than trusting the size: pipes and devices report none.
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

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}
