/**
 * The loopback stand-in for one Atlas cluster behind its private endpoint, as the verifier
 * tests use it: a CA of the test's own, and FerretDB members with TLS on TARGET_HOST's name.
 */
import { makeCerts, type Certs } from '../../rehearse/certs';
import { startFakeAtlas, type FakeAtlas } from '../../rehearse/ferretdb';
import type { ChildSet } from '../../rehearse/processes';
import { REPL_SET, TARGET_HOST } from './zones';

export interface LoopbackAtlas {
  readonly certs: Certs;
  readonly atlas: FakeAtlas;
}

export async function startLoopbackAtlas(dir: string, children: ChildSet, username: string, password: string): Promise<LoopbackAtlas> {
  const certs = makeCerts(dir, [TARGET_HOST]);
  const atlas = await startFakeAtlas({
    bin: process.env.ATLAS_PL_FERRETDB_BIN as string,
    dir,
    hostName: TARGET_HOST,
    replSetName: REPL_SET,
    username,
    password,
    certs,
    children,
  });
  return { certs, atlas };
}
