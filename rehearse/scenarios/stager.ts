/**
 * Puts a World into the namespace, touching only what differs from the world staged before:
 * Knot restarted with new zone files (or stopped: DNS down), the nftables ruleset of the
 * namespace replaced, FerretDB restarted (members down, another CA's certificate), the outputs
 * file rewritten (from a refresh on the replay provider when Atlas or Azure report other statuses).
 * Everything it starts belongs to the run's Stage and goes with its teardown.
 */
import type { ChildProcess } from 'child_process';
import { execFileSync } from 'child_process';
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import type { Certs } from '../certs';
import { makeCerts } from '../certs';
import { startFakeAtlas } from '../ferretdb';
import { startKnot } from '../knot';
import { runCommand } from '../processes';
import type { Stage } from '../stage';
import type { Estate } from '../state';
import type { Drop, Reported, World } from './world';

export interface StagerTools {
  readonly knotd: string;
  readonly ferretdb: string;
  readonly probe: string;
  readonly nft?: string;
}

/** The outputs of a refresh under these reported statuses (refresh.ts). */
export type Refresher = (reported: Reported) => Promise<World['outputs']>;

export const DNS_ADDRESS = '127.0.0.1';
const READY_MS = 20_000;
export const NFT_TABLE = 'atlaspl_rehearse';

/** `nft` (Debian package nftables): the only packet filter the scenarios use. */
export function findNft(): string | undefined {
  for (const candidate of ['/usr/sbin/nft', '/sbin/nft', '/usr/bin/nft']) {
    try {
      execFileSync(candidate, ['--version'], { stdio: 'ignore' });
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The namespace's ruleset: packets to the dropped ports are discarded on input, silently (a timeout, not a refusal). */
export function nftRuleset(drops: readonly Drop[]): string {
  const rules = drops.map((d) => `    ip daddr ${d.ip} tcp dport { ${d.ports.join(', ')} } drop`);
  return [`table inet ${NFT_TABLE} {`, '  chain input {', '    type filter hook input priority 0; policy accept;', ...rules, '  }', '}', ''].join('\n');
}

export class Stager {
  private knot?: ChildProcess;
  private members: ChildProcess[] = [];
  private current?: World;
  private generation = 0;
  private otherCerts?: Certs;
  /** The drops in force now. */
  private drops: readonly Drop[] = [];

  constructor(
    private readonly stage: Stage,
    private readonly tools: StagerTools,
    private readonly estate: Estate,
    private readonly certs: Certs,
    private readonly user: string,
    private readonly password: string,
    readonly outputsFile: string,
    private readonly refresh?: Refresher,
  ) {}

  /** Refreshed outputs by the statuses they were refreshed under: each set is refreshed once. */
  private readonly refreshed = new Map<string, World['outputs']>();

  /** What was (re)staged, for the report. */
  async apply(world: World): Promise<string[]> {
    const before = this.current;
    const did: string[] = [];
    this.generation++;
    if (!before || JSON.stringify(before.zones) !== JSON.stringify(world.zones)) {
      await this.stageDns(world);
      did.push(world.zones ? `DNS (${world.zones.length} zones)` : 'DNS down');
    }
    if (!before || JSON.stringify(before.down) !== JSON.stringify(world.down) || before.cert !== world.cert) {
      // The readiness probe must reach the members: no packet filter while they start.
      if (this.drops.length) await this.stageDrops([]);
      await this.stageMembers(world);
      did.push(`FerretDB (${world.cert === 'other' ? "another CA's certificate" : 'CA of this run'}${world.down.length ? `, port ${world.down.join(',')} down` : ''})`);
    }
    if (JSON.stringify(this.drops) !== JSON.stringify(world.drops)) {
      await this.stageDrops(world.drops);
      did.push(world.drops.length ? `dropping ${world.drops.map((d) => `${d.ip}:${d.ports.join(',')}`).join(' ')}` : 'no packet filter');
    }
    writeFileSync(this.outputsFile, JSON.stringify(await this.outputsOf(world, did), null, 2));
    this.current = world;
    return did;
  }

  /** The apply's outputs, or, when Atlas or Azure report other statuses, the outputs of a refresh under them. */
  private async outputsOf(world: World, did: string[]): Promise<World['outputs']> {
    const { registrations = {}, connections = {} } = world.reported;
    if (Object.keys(registrations).length + Object.keys(connections).length === 0) return world.outputs;
    const key = JSON.stringify([registrations, connections]);
    let outputs = this.refreshed.get(key);
    if (!outputs) {
      if (!this.refresh) throw new Error('this scenario needs a refresh on the replay provider, and the stager has none');
      outputs = await this.refresh(world.reported);
      this.refreshed.set(key, outputs);
      const said = [
        ...(Object.keys(registrations).length ? [`Atlas reports ${Object.values(registrations).join(', ')}`] : []),
        ...(Object.keys(connections).length ? [`Azure reports the connection ${Object.values(connections).join(', ')}`] : []),
      ];
      did.push(`refresh-only apply (${said.join('; ')})`);
    }
    return outputs;
  }

  private async probe(targets: string[], what: string): Promise<void> {
    const run = await runCommand(this.stage.children, [...this.stage.netns().exec, process.execPath, this.tools.probe, String(READY_MS), ...targets], { timeoutMs: READY_MS + 5000 });
    if (run.code !== 0) throw new Error(`${what}: ${run.stderr.trim() || `probe exited ${run.code}`}`);
  }

  private async stageDns(world: World): Promise<void> {
    if (this.knot) await this.stage.children.stop(this.knot);
    this.knot = undefined;
    if (!world.zones) return;
    const dir = join(this.stage.dir, `knot-${this.generation}`);
    mkdirSync(dir, { recursive: true });
    const knot = startKnot({ bin: this.tools.knotd, dir, address: DNS_ADDRESS, zones: world.zones, exec: this.stage.netns().exec, children: this.stage.children });
    this.knot = knot.process;
    try {
      await this.probe(world.zones.map((z) => `dns:${DNS_ADDRESS}:${z.name}`), 'Knot did not serve every zone');
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${knot.log().trim()}`);
    }
  }

  private async stageDrops(drops: readonly Drop[]): Promise<void> {
    if (!this.tools.nft) throw new Error('nft (Debian package nftables) is missing: the packet-filter scenarios need it (npm run tools installs it as root)');
    const exec = this.stage.netns().exec;
    // Flush and rebuild the one table this run owns: `add` first so the delete never fails.
    const script = `add table inet ${NFT_TABLE}\ndelete table inet ${NFT_TABLE}\n${drops.length ? nftRuleset(drops) : ''}`;
    const run = await runCommand(this.stage.children, [...exec, this.tools.nft, '-f', '-'], { timeoutMs: 10_000, input: script });
    if (run.code !== 0) throw new Error(`nft -f failed (${run.code}): ${run.stderr.trim()}`);
    this.drops = drops;
  }

  private async stageMembers(world: World): Promise<void> {
    await Promise.all(this.members.map((m) => this.stage.children.stop(m)));
    this.members = [];
    let certs = this.certs;
    if (world.cert === 'other') {
      const dir = join(this.stage.dir, 'other-certs');
      mkdirSync(dir, { recursive: true });
      // A CA made apart from the run's: what a TLS-inspecting middlebox presents.
      this.otherCerts ??= makeCerts(dir, [...new Set(this.estate.published.flatMap((p) => p.targets.map((t) => t.host)))]);
      certs = { ...this.certs, certFile: this.otherCerts.certFile, keyFile: this.otherCerts.keyFile };
    }
    const ipOf = new Map(this.estate.endpoints.map((e) => [e.id, e.ip]));
    const logDir = join(this.stage.dir, 'logs');
    mkdirSync(logDir, { recursive: true });
    await Promise.all(
      this.estate.published.map(async (p, i) => {
        const ip = ipOf.get(p.endpointId);
        if (!ip) throw new Error(`no registered endpoint for ${p.srvHost}`);
        const ports = p.targets.map((t) => t.port).filter((port) => !world.down.includes(port));
        const atlas = await startFakeAtlas({
          bin: this.tools.ferretdb,
          dir: join(this.stage.dir, 'ferretdb', `${this.generation}-${i}`),
          hostName: p.targets[0].host,
          replSetName: p.replicaSet,
          username: this.user,
          password: this.password,
          certs,
          children: this.stage.children,
          ports,
          tlsIp: ip,
          plainIp: `127.0.1.${i + 1}`,
          exec: this.stage.netns().exec,
          logDir,
          waitReady: (addresses) => this.probe(addresses.map((a) => `tcp:${a}`), 'FerretDB did not listen'),
        });
        this.members.push(...atlas.members.map((m) => m.process));
      }),
    );
  }
}
