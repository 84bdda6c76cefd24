/**
 * The private-ip check: every address a cluster host resolves to must be private, and the
 * endpoint IP of that host's own region (pl-<n>-<region>.<hash>.mongodb.net), not any endpoint's.
 */
import { diagnose } from '../diagnoses';
import { canonicalIp, whyNotEndpointIp } from '../ip';
import { fail, pass, type Outcome, type ResolvedHost } from '../types';

export interface IpExpectations {
  /** --expect-ip: for hosts whose region the outputs do not name (every host without outputs). */
  readonly given: readonly string[];
  /** The *_private_ip outputs, by endpoint key (the Azure region). */
  readonly outputs: ReadonlyArray<{ readonly region: string; readonly ip: string; readonly name: string }>;
  readonly allowLoopback: boolean;
}

interface Answer {
  readonly name: string;
  readonly address: string;
}

/** "pl-0-eastus2.abc12.mongodb.net" -> "eastus2"; undefined for names of another form. */
export function regionOfHost(name: string): string | undefined {
  return /^pl-\d+-([a-z0-9]+)\./i.exec(name)?.[1].toLowerCase();
}

export function checkPrivateIps(hosts: readonly ResolvedHost[], expect: IpExpectations): Outcome {
  const answers: Answer[] = hosts.flatMap((h) => h.addresses.map((address) => ({ name: h.name, address })));
  const show = (a: Answer): string => `${a.name} -> ${a.address}`;
  const all = (list: readonly Answer[]): string => [...new Set(list.map((a) => a.address))].join(', ');

  const publicOnes = answers.filter((a) => whyNotEndpointIp(a.address, expect.allowLoopback) !== undefined);
  if (publicOnes.length > 0) {
    const expected = [...expect.given, ...expect.outputs.map((o) => o.ip)];
    return fail(`not a private address: ${publicOnes.map(show).join(', ')}`, diagnose('PUBLIC_IP', expected.length ? `expected ${expected.join(', ')}` : undefined));
  }
  const otherRegion = answers.flatMap((a) => {
    const owner = otherRegionOwning(a, expect);
    if (!owner) return [];
    const own = expectedFor(a, expect);
    const allowsIt = own?.ips.some((ip) => canonicalIp(ip) === canonicalIp(a.address));
    return [`${show(a)}, the ${owner.region} endpoint's IP (${owner.name}); expected ${own && !allowsIt ? describe(own) : `the ${regionOfHost(a.name)} endpoint's IP`}`];
  });
  if (otherRegion.length > 0) return fail(otherRegion.join('; '), diagnose('WRONG_REGION_IP'));
  const wrong = answers.flatMap((a) => {
    const own = expectedFor(a, expect);
    return own && !own.ips.some((ip) => canonicalIp(ip) === canonicalIp(a.address)) ? [`${show(a)}; expected ${describe(own)}`] : [];
  });
  if (wrong.length > 0) return fail(wrong.join('; '), diagnose('WRONG_PRIVATE_IP'));

  const unchecked = answers.filter((a) => !expectedFor(a, expect));
  if (unchecked.length === 0) return pass(`every answer is an expected IP (${all(answers)})`);
  if (unchecked.length === answers.length) return pass(`every answer is private (${all(answers)}); pass --expect-ip or --outputs to compare with the endpoint's IP`);
  const names = [...new Set(unchecked.map((a) => a.name))].join(', ');
  return pass(`every answer is an expected IP or private (${all(answers)}); no expected IP for ${names}`);
}

interface Expected {
  readonly ips: readonly string[];
  /** Where the expectation came from: output names or --expect-ip. */
  readonly from: string;
}

/**
 * The host's own region's output when the outputs name that region; else --expect-ip; else, for
 * a host name without a region, any endpoint of the outputs.
 */
function expectedFor(answer: Answer, expect: IpExpectations): Expected | undefined {
  const region = regionOfHost(answer.name);
  const own = expect.outputs.filter((o) => o.region === region);
  if (own.length > 0) return { ips: own.map((o) => o.ip), from: own.map((o) => o.name).join(', ') };
  if (expect.given.length > 0) return { ips: expect.given, from: '--expect-ip' };
  if (region === undefined && expect.outputs.length > 0) return { ips: expect.outputs.map((o) => o.ip), from: 'the *_private_ip outputs' };
  return undefined;
}

/** The other region whose endpoint owns this address, when the host names its own region. */
function otherRegionOwning(answer: Answer, expect: IpExpectations): IpExpectations['outputs'][number] | undefined {
  const region = regionOfHost(answer.name);
  if (region === undefined) return undefined;
  const owners = expect.outputs.filter((o) => canonicalIp(o.ip) === canonicalIp(answer.address));
  if (owners.some((o) => o.region === region)) return undefined;
  return owners[0];
}

function describe(expected: Expected): string {
  return `${expected.ips.join(' or ')} (${expected.from})`;
}
