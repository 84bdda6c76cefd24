/**
 * End-to-end scenarios with the MongoDB round trip: a real DNS server (dns2) and a real
 * MongoDB wire-protocol server (FerretDB, three TLS ports on one host name, SCRAM users) on
 * loopback. After every run the scratch collection is checked directly on each FerretDB
 * process: the verifier must leave no document behind.
 */
import { MongoClient } from 'mongodb';
import type { Certs } from '../../rehearse/certs';
import { startDnsServer, type RunningDnsServer, type Zone } from '../harness/dns-server';
import { TLS_IP, type FakeAtlas } from '../../rehearse/ferretdb';
import { ChildSet } from '../../rehearse/processes';
import { check, runVerifier, statuses, type VerifierRun } from '../harness/run-verifier';
import { startLoopbackAtlas } from '../harness/loopback-atlas';
import { makeTmpDir } from '../harness/tmp';
import { atlasZone, REPL_SET, SRV_HOST, SRV_NAME, TARGET_HOST } from '../harness/zones';
import { describeWithTool } from '../support/tools';

const USER = 'verifier';
const PASSWORD = 'Sup3r-s3cret-pw';
const DB = 'pe_verify';
const COLLECTION = 'hello';
const uri = (password = PASSWORD): string => `mongodb+srv://${USER}:${encodeURIComponent(password)}@${SRV_HOST}/`;

describeWithTool('ATLAS_PL_FERRETDB_BIN', 'FerretDB')('verifier round trip against FerretDB', () => {
  let tmp: ReturnType<typeof makeTmpDir>;
  const children = new ChildSet();
  const servers: RunningDnsServer[] = [];
  let certs: Certs;
  let atlas: FakeAtlas;
  let dns: RunningDnsServer;

  beforeAll(async () => {
    tmp = makeTmpDir('verify-crud');
    ({ certs, atlas } = await startLoopbackAtlas(tmp.path, children, USER, PASSWORD));
    dns = await dnsWith(atlasZone({ ports: atlas.ports, address: TLS_IP }));
  }, 60000);

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await children.stopAll();
    tmp?.remove();
  });

  async function dnsWith(zone: Zone): Promise<RunningDnsServer> {
    const server = await startDnsServer(zone);
    servers.push(server);
    return server;
  }

  const verify = (dnsServer: RunningDnsServer, ...more: string[]): Promise<VerifierRun> =>
    runVerifier(['--uri', uri(), '--dns-server', dnsServer.server, '--expect-ip', TLS_IP, '--allow-loopback', '--tls-ca-file', certs.caFile, '--timeout', '3000', '--json', ...more]);

  /** Documents left in the scratch collection of every member, read over their plain listeners. */
  async function leftovers(): Promise<number> {
    let total = 0;
    for (const member of atlas.members) {
      if (member.process.exitCode !== null || member.process.signalCode !== null) continue;
      const client = new MongoClient(`mongodb://${USER}:${encodeURIComponent(PASSWORD)}@${member.plainAddress}/?directConnection=true&authSource=admin`, { serverSelectionTimeoutMS: 5000 });
      try {
        total += await client.db(DB).collection(COLLECTION).countDocuments({});
      } finally {
        await client.close();
      }
    }
    return total;
  }

  afterEach(async () => {
    expect(await leftovers()).toBe(0);
  });

  it('passes every check on the happy path, with the driver on the same resolver', async () => {
    const srvQueriesBefore = dns.queries.filter((q) => q.name === SRV_NAME).length;
    const run = await verify(dns);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(statuses(run)).toEqual({ 'control-plane': 'skip', 'dns-srv': 'pass', 'dns-txt': 'pass', 'dns-a': 'pass', 'private-ip': 'pass', tcp: 'pass', crud: 'pass' });
    expect(check(run, 'crud').message).toBe(`connect, insert, read, update, delete of one document in ${DB}.${COLLECTION}`);
    // Our probe asked once; the driver's own SRV lookup went to the same server.
    expect(dns.queries.filter((q) => q.name === SRV_NAME).length - srvQueriesBefore).toBeGreaterThanOrEqual(2);
    expect(run.stdout).not.toContain(PASSWORD);
  });

  it('honours --db and --collection and still cleans up', async () => {
    const run = await verify(dns, '--db', 'other_db', '--collection', 'probe');
    expect(check(run, 'crud')).toMatchObject({ status: 'pass', message: expect.stringContaining('other_db.probe') });
    const client = new MongoClient(`mongodb://${USER}:${encodeURIComponent(PASSWORD)}@${atlas.members[0].plainAddress}/?directConnection=true`);
    try {
      expect(await client.db('other_db').collection('probe').countDocuments({})).toBe(0);
    } finally {
      await client.close();
    }
  });

  it('fails with AUTH_FAILED on a wrong password and never prints it', async () => {
    const wrong = 'Wr0ng-pa55word-xyz';
    const run = await runVerifier(['--uri', uri(wrong), '--dns-server', dns.server, '--expect-ip', TLS_IP, '--allow-loopback', '--tls-ca-file', certs.caFile, '--timeout', '3000', '--json']);
    expect(run.code).toBe(1);
    expect(statuses(run)).toMatchObject({ tcp: 'pass', crud: 'fail' });
    expect(check(run, 'crud').diagnosis?.code).toBe('AUTH_FAILED');
    expect(run.stdout + run.stderr).not.toContain(wrong);
    const human = await runVerifier(['--uri', uri(wrong), '--dns-server', dns.server, '--expect-ip', TLS_IP, '--allow-loopback', '--tls-ca-file', certs.caFile, '--timeout', '3000']);
    expect(human.stdout).toContain('AUTH_FAILED');
    expect(human.stdout + human.stderr).not.toContain(wrong);
  });

  it('fails with TLS_UNTRUSTED_CA when the server certificate comes from another CA', async () => {
    const run = await runVerifier(['--uri', uri(), '--dns-server', dns.server, '--expect-ip', TLS_IP, '--allow-loopback', '--tls-ca-file', certs.otherCaFile, '--timeout', '2000', '--json']);
    expect(run.code).toBe(1);
    expect(check(run, 'tcp').status).toBe('pass');
    expect(check(run, 'crud').diagnosis?.code).toBe('TLS_UNTRUSTED_CA');
  });

  it('fails with TLS_HOSTNAME_MISMATCH when the SRV target is a name the certificate does not cover', async () => {
    const otherTarget = 'pl-1-eastus2.abc12.mongodb.net';
    const zone: Zone = {
      records: [
        ...atlas.ports.map((port) => ({ name: SRV_NAME, type: 'SRV' as const, port, target: otherTarget })),
        { name: SRV_HOST, type: 'TXT', data: `authSource=admin&replicaSet=${REPL_SET}` },
        { name: otherTarget, type: 'A', address: TLS_IP },
      ],
    };
    const run = await verify(await dnsWith(zone));
    expect(check(run, 'crud').diagnosis?.code).toBe('TLS_HOSTNAME_MISMATCH');
  });

  it('deletes the scratch document when a later step fails', async () => {
    // A unique index on the field the update sets, and a document already holding that value:
    // insert and read succeed, the update fails with a duplicate key error.
    const client = new MongoClient(`mongodb://${USER}:${encodeURIComponent(PASSWORD)}@${atlas.members[0].plainAddress}/?directConnection=true`);
    const scratch = client.db(DB).collection<{ _id: string; step: string }>(COLLECTION);
    try {
      await scratch.createIndex({ step: 1 }, { unique: true });
      await scratch.insertOne({ _id: 'sentinel', step: 'updated' });
      const run = await verify(dns);
      expect(run.code).toBe(1);
      expect(check(run, 'crud')).toMatchObject({ status: 'fail', diagnosis: { code: 'CRUD_FAILED' } });
      expect(check(run, 'crud').message).toMatch(/^update failed after connect, insert, read: .*(duplicate key|UNIQUE constraint failed)/i);
      expect(await scratch.countDocuments({ _id: { $ne: 'sentinel' } })).toBe(0);
    } finally {
      await scratch.drop();
      await client.close();
    }
  });

  it('diagnoses tls=false against the TLS server as a URI problem (URI_TLS_DISABLED), not a CRUD failure', async () => {
    const run = await runVerifier(['--uri', `${uri()}?tls=false`, '--dns-server', dns.server, '--expect-ip', TLS_IP, '--allow-loopback', '--tls-ca-file', certs.caFile, '--timeout', '2000', '--json']);
    expect(run.code).toBe(1);
    expect(check(run, 'tcp').status).toBe('pass');
    expect(check(run, 'crud')).toMatchObject({ status: 'fail', diagnosis: { code: 'URI_TLS_DISABLED' } });
    expect(check(run, 'crud').message).toContain('(the connection string sets tls=false)');
  });

  it('skips the round trip on request', async () => {
    const run = await verify(dns, '--skip-crud');
    expect(run.code).toBe(0);
    expect(check(run, 'crud')).toMatchObject({ status: 'skip', message: 'skipped: --skip-crud given' });
  });

  // Last: it stops a member for good.
  it('reports one closed port of three as refused and still completes the round trip', async () => {
    await atlas.stopMember(2);
    const run = await verify(dns);
    expect(run.code).toBe(1);
    expect(check(run, 'tcp')).toMatchObject({ status: 'fail', diagnosis: { code: 'TCP_REFUSED' } });
    expect(check(run, 'tcp').message).toContain(`2/3 reachable; ${TARGET_HOST}:${atlas.ports[2]}`);
    expect(check(run, 'crud').status).toBe('pass');
  });
});
