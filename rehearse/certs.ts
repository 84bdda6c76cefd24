/** A throw-away CA and a server certificate for the fake Atlas host name, made with the openssl CLI. */
import { execFileSync } from 'child_process';
import { writeFileSync } from 'fs';
import { join } from 'path';

export interface Certs {
  readonly caFile: string;
  /** A second, unrelated CA: trusting it instead of caFile is the "CA mismatch" case. */
  readonly otherCaFile: string;
  readonly certFile: string;
  readonly keyFile: string;
}

const openssl = (args: string[], cwd: string): void => {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
};

function makeCa(dir: string, name: string): { cert: string; key: string } {
  const cert = join(dir, `${name}.pem`);
  const key = join(dir, `${name}.key`);
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', `/CN=atlas-pl-verify test ${name}`], dir);
  return { cert, key };
}

export function makeCerts(dir: string, hostNames: readonly string[]): Certs {
  const ca = makeCa(dir, 'ca');
  const other = makeCa(dir, 'other-ca');
  const keyFile = join(dir, 'server.key');
  const csr = join(dir, 'server.csr');
  const certFile = join(dir, 'server.pem');
  const ext = join(dir, 'server.ext');
  writeFileSync(ext, `subjectAltName=${hostNames.map((h) => `DNS:${h}`).join(',')}\nextendedKeyUsage=serverAuth\n`);
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', csr, '-subj', `/CN=${hostNames[0]}`], dir);
  openssl(['x509', '-req', '-in', csr, '-CA', ca.cert, '-CAkey', ca.key, '-CAcreateserial', '-out', certFile, '-days', '2', '-extfile', ext], dir);
  return { caFile: ca.cert, otherCaFile: other.cert, certFile, keyFile };
}
