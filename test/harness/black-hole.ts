/**
 * A TCP port on 127.0.0.1 whose SYNs are dropped, as behind an NSG or firewall that drops packets.
 * A child process listens with backlog 1 and blocks its event loop in the same tick, so it never
 * calls accept(); three connections fill the kernel's accept queue, and Linux then drops every
 * further SYN (tcp_conn_request: "accept queue full"), so connect() hangs until the caller gives
 * up. No iptables/nftables/netem needed; nothing leaves loopback.
 */
import type { ChildProcess } from 'child_process';
import net from 'net';
import type { ChildSet } from '../../rehearse/processes';

const HELPER = `
  const net = require('net');
  const fs = require('fs');
  const s = net.createServer();
  s.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
    fs.writeSync(1, s.address().port + '\\n');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  });`;

export async function blackHoledPort(children: ChildSet): Promise<{ port: number; child: ChildProcess }> {
  // backlog 1, not 0: Node turns 0 into its default of 511.
  const child = children.spawn(process.execPath, ['-e', HELPER]);
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
    child.once('exit', (code) => reject(new Error(`black-hole helper exited with ${code}`)));
  });
  const fillers = [0, 1, 2].map(() => net.connect({ host: '127.0.0.1', port }).on('error', () => undefined));
  child.once('exit', () => fillers.forEach((f) => f.destroy()));
  await new Promise((r) => setTimeout(r, 300));
  const probe = await new Promise<string>((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    const t = setTimeout(() => {
      s.destroy();
      resolve('dropped');
    }, 1000);
    s.once('connect', () => {
      clearTimeout(t);
      s.destroy();
      resolve('connected');
    });
    s.once('error', (e) => {
      clearTimeout(t);
      resolve(String(e));
    });
  });
  if (probe !== 'dropped') throw new Error(`the black-holed port answered (${probe}): this kernel does not drop SYNs on a full accept queue`);
  return { port, child };
}
