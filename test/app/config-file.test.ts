import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Testing } from 'cdktf';
import { ConfigError, loadConfig } from '../../app/config';
import { AtlasPrivateLinkStack } from '../../app/stack';
import { ConfigFileError, MAX_CONFIG_BYTES, readConfigFile } from '../../app/config-file';

const EXAMPLE = join(__dirname, '..', '..', 'config', 'example.json');
const work = mkdtempSync(join(process.env.ATLAS_PL_TEST_TMP ?? tmpdir(), 'config-file-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('reading a config file', () => {
  test('a UTF-8 byte-order mark (as Windows editors write) is accepted', () => {
    const path = join(work, 'bom.json');
    writeFileSync(path, `\uFEFF${readFileSync(EXAMPLE, 'utf8')}`);
    expect(loadConfig(path, {})).toEqual(loadConfig(EXAMPLE, {}));
  });

  test('a FIFO is refused before any read, instead of blocking forever', () => {
    const fifo = join(work, 'fifo.json');
    execFileSync('mkfifo', [fifo]);
    expect(() => readConfigFile(fifo)).toThrow(new ConfigFileError(`${fifo} is a named pipe (FIFO), not a config file (a regular JSON file)`));
    expect(() => loadConfig(fifo, {})).toThrow(new ConfigError(`config file: ${fifo} is a named pipe (FIFO), not a config file (a regular JSON file)`));
  });

  test('/dev/zero and a directory are refused by type, without reading', () => {
    expect(() => readConfigFile('/dev/zero')).toThrow(/^\/dev\/zero is a device, not a config file/);
    expect(() => readConfigFile(work)).toThrow(/is a directory, not a config file/);
  });

  test('a file larger than the bound is refused by its size', () => {
    const big = join(work, 'big.json');
    writeFileSync(big, ' '.repeat(2048));
    expect(() => readConfigFile(big, 1024)).toThrow(`${big} is 2048 bytes; a config file is at most 1024 bytes`);
    expect(MAX_CONFIG_BYTES).toBe(1024 * 1024);
  });

  test('a missing file names the path and the reason', () => {
    expect(() => loadConfig(join(work, 'none.json'), {})).toThrow(`config file: cannot read ${join(work, 'none.json')}: ENOENT`);
  });
});

describe('long values in config errors', () => {
  test('are shortened to their start and length, whatever field or key holds them', () => {
    const example = JSON.parse(readFileSync(EXAMPLE, 'utf8'));
    for (const [name, raw] of [
      ['value', { ...example, atlas: { ...example.atlas, projectId: 'x'.repeat(100_000) } }],
      ['key', { ...example, ['k'.repeat(100_000)]: 1 }],
    ] as const) {
      const path = join(work, `long-${name}.json`);
      writeFileSync(path, JSON.stringify(raw));
      let message = '';
      try {
        const config = loadConfig(path, {});
        // The project id is checked by the constructs (through the app's stack).
        new AtlasPrivateLinkStack(Testing.app(), config, path);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/"(x|k){100}"\.\.\. \(100000 characters\)/);
      expect(message.length).toBeLessThan(400);
    }
  });

  test('a config with many problems lists the first five and counts the rest', () => {
    const path = join(work, 'many.json');
    writeFileSync(path, JSON.stringify(Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`unknown${i}`, i]))));
    const message = (() => {
      try {
        loadConfig(path, {});
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message).toMatch(/Unrecognized keys: "unknown0", "unknown1", "unknown2", "unknown3", "unknown4" and 35 more/);
    expect(message.length).toBeLessThan(600);
  });
});
