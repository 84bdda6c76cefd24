/**
 * Everything one rehearsal owns: its temp folder, its child processes, its namespace (with
 * /etc/netns/<ns>). Its record (runs.ts) is written before any of them exists, so a run that
 * dies is swept by the next one. teardown() removes all of it and is safe to call twice or
 * half-way through setup; keep() instead leaves it running and writes a script that tears it
 * down later, and an env file to reach the run's database user.
 */
import { randomBytes } from 'crypto';
import { mkdirSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { createNamedNetns, type Netns } from './netns';
import { ChildSet } from './processes';
import { deleteNetns, dropRecord, killAll, MARKER_VAR, NETNS_PREFIX, processesOf, removeTempFolder, RUNS_DIR, saveRecord, shortDirOf, startTimeOf, type RunRecord } from './runs';

export interface Kept {
  readonly enter: string;
  readonly teardown: string;
  /** MONGODB_URI (with the run's password), MONGODB_DB, NODE_EXTRA_CA_CERTS; mode 0600. Absent when the run stopped before its database. */
  readonly envFile?: string;
}

/** A shell word: single-quoted unless it is made of characters no shell treats specially. */
export const shellQuote = (word: string): string => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);

export class Stage {
  readonly id = `${NETNS_PREFIX}-${process.pid}-${randomBytes(3).toString('hex')}`;
  readonly dir: string;
  readonly children = new ChildSet();
  private ns?: Netns;
  private tearingDown?: Promise<void>;
  private kept = false;
  private record: RunRecord;

  constructor() {
    // Every child inherits the marker: the teardown and a later sweep find them by it.
    process.env[MARKER_VAR] = this.id;
    this.dir = join(tmpdir(), `atlas-pl-rehearse-${randomBytes(6).toString('hex')}`);
    this.record = { id: this.id, pid: process.pid, started: startTimeOf(process.pid) ?? '', dir: this.dir, kept: false };
    saveRecord(this.record);
    try {
      mkdirSync(this.dir, { mode: 0o700 });
      mkdirSync(shortDirOf(this.id), { mode: 0o700 });
    } catch (error) {
      removeTempFolder(this.dir);
      dropRecord(this.id);
      throw error;
    }
  }

  createNetns(): Netns {
    this.ns = createNamedNetns(this.id);
    return this.ns;
  }

  netns(): Netns {
    if (!this.ns) throw new Error('no namespace yet');
    return this.ns;
  }

  get netnsName(): string | undefined {
    return this.ns?.name;
  }

  /** Every caller (the normal exit path and a signal handler) waits for the one teardown. */
  teardown(): Promise<void> {
    if (this.kept) return Promise.resolve();
    this.tearingDown ??= this.removeAll();
    return this.tearingDown;
  }

  private async removeAll(): Promise<void> {
    await this.children.stopAll();
    // Whatever --exec left running (in the namespace, or anywhere with our marker) goes too.
    await killAll(processesOf(this.id));
    deleteNetns(this.id);
    removeTempFolder(this.dir);
    dropRecord(this.id);
  }

  /** Leaves the processes running (unref'd: this process may exit), writes teardown.sh and the env file. */
  keep(access?: { uri: string; db: string; caFile: string }): Kept {
    this.kept = true;
    this.record = { ...this.record, kept: true };
    saveRecord(this.record);
    this.children.detachAll();
    const name = this.netns().name;
    const q = shellQuote;
    const envFile = access && join(this.dir, 'rehearse.env');
    if (access && envFile) writeFileSync(
      envFile,
      [
        `# atlas-pl rehearse --keep (namespace ${name}): the run's database user. Secret: mode 0600, removed by teardown.sh.`,
        `# use inside the namespace: sudo ip netns exec ${name} sh -c '. "$0" && node app.js' ${q(envFile)}`,
        `export MONGODB_URI=${q(access.uri)}`,
        `export MONGODB_DB=${q(access.db)}`,
        `export NODE_EXTRA_CA_CERTS=${q(access.caFile)}`,
        '',
      ].join('\n'),
      { mode: 0o600 },
    );
    const script = join(this.dir, 'teardown.sh');
    // Every path quoted: a TMPDIR holding a space (or a quote) names one folder, never two.
    writeFileSync(
      script,
      [
        '#!/bin/sh',
        `# Tears down the rehearsal left running by --keep (namespace ${name}).`,
        `pids=$(ip netns pids ${q(name)} 2>/dev/null); [ -n "$pids" ] && kill $pids 2>/dev/null; sleep 1`,
        `pids=$(ip netns pids ${q(name)} 2>/dev/null); [ -n "$pids" ] && kill -9 $pids 2>/dev/null`,
        `ip netns delete ${q(name)} 2>/dev/null`,
        `rm -rf -- ${q(join('/etc/netns', name))} ${q(this.dir)}`,
        `rm -rf -- ${q(join(RUNS_DIR, `${name}.json`))} ${q(shortDirOf(name))}`,
        `echo ${q(`rehearsal ${name} torn down`)}`,
        '',
      ].join('\n'),
      { mode: 0o755 },
    );
    return { enter: `sudo ip netns exec ${q(name)} bash`, teardown: `sudo sh ${q(script)}`, envFile };
  }
}
