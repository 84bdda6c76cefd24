/**
 * Everything one rehearsal owns: its temp folder, its child processes, its namespace (with
 * /etc/netns/<ns>). teardown() removes all of it and is safe to call twice or half-way through
 * setup; keep() instead leaves it running and writes a script that tears it down later.
 */
import { execFileSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { createNetns, type Netns } from './netns';
import { ChildSet } from './processes';

export class Stage {
  readonly dir = mkdtempSync(join(tmpdir(), 'atlas-pl-rehearse-'));
  readonly children = new ChildSet();
  private ns?: Netns;
  private tearingDown?: Promise<void>;
  private kept = false;

  createNetns(): Netns {
    this.ns = createNetns('atlaspl-rh');
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
    if (this.ns) {
      // Whatever --exec left running in the namespace goes too (then the namespace can go).
      killAllIn(this.ns.name, 'SIGKILL');
      this.ns.remove();
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Leaves the processes running (unref'd: this process may exit) and writes teardown.sh. */
  keep(): { enter: string; teardown: string } {
    this.kept = true;
    this.children.detachAll();
    const name = this.netns().name;
    const script = join(this.dir, 'teardown.sh');
    writeFileSync(
      script,
      [
        '#!/bin/sh',
        `# Tears down the rehearsal left running by --keep (namespace ${name}).`,
        `pids=$(ip netns pids ${name} 2>/dev/null); [ -n "$pids" ] && kill $pids 2>/dev/null; sleep 1`,
        `pids=$(ip netns pids ${name} 2>/dev/null); [ -n "$pids" ] && kill -9 $pids 2>/dev/null`,
        `ip netns delete ${name} 2>/dev/null`,
        `rm -rf /etc/netns/${name} ${this.dir}`,
        `echo "rehearsal ${name} torn down"`,
        '',
      ].join('\n'),
      { mode: 0o755 },
    );
    return { enter: `sudo ip netns exec ${name} bash`, teardown: `sudo sh ${script}` };
  }
}

function killAllIn(ns: string, signal: NodeJS.Signals): void {
  try {
    const pids = execFileSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' }).split('\n').filter(Boolean);
    for (const pid of pids) {
      try {
        process.kill(Number(pid), signal);
      } catch {
        // already gone
      }
    }
  } catch {
    // no namespace
  }
}
