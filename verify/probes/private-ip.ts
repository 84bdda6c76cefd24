/**
 * The private-ip check: every address a cluster host resolves to must be private, and the IP of
 * the endpoint that serves that host (endpoint-match.ts), not any endpoint's.
 */
import { diagnose, type DiagnosisCode } from '../diagnoses';
import { ownersOf, parsePlHost } from '../endpoint-match';
import { canonicalIp, whyNotEndpointIp } from '../ip';
import type { EndpointOutputs } from '../outputs';
import { fail, pass, type Outcome, type ResolvedHost } from '../types';

export interface IpExpectations {
  /** --expect-ip: for hosts no endpoint of the outputs serves (every host without outputs). */
  readonly given: readonly string[];
  /** The endpoints of --outputs that carry a private IP. */
  readonly endpoints: readonly EndpointOutputs[];
  readonly allowLoopback: boolean;
}

interface Answer {
  readonly name: string;
  readonly address: string;
}

type Verdict = { ok: true; by: string } | { ok: false; code: DiagnosisCode; text: string } | { ok: 'unchecked' };

/** Worst first: the code of the outcome is the first of these that any answer got. */
const ORDER: DiagnosisCode[] = ['WRONG_REGION_IP', 'WRONG_ENDPOINT_IP', 'WRONG_PRIVATE_IP', 'HOST_NOT_IN_OUTPUTS'];

export function checkPrivateIps(hosts: readonly ResolvedHost[], expect: IpExpectations): Outcome {
  const answers: Answer[] = hosts.flatMap((h) => h.addresses.map((address) => ({ name: h.name, address })));
  const show = (a: Answer): string => `${a.name} -> ${a.address}`;
  const endpoints = expect.endpoints.filter((e) => e.privateIp !== undefined);

  const publicOnes = answers.filter((a) => whyNotEndpointIp(a.address, expect.allowLoopback) !== undefined);
  if (publicOnes.length > 0) {
    const expected = [...expect.given, ...endpoints.map((e) => e.privateIp)];
    return fail(`not a private address: ${publicOnes.map(show).join(', ')}`, diagnose('PUBLIC_IP', expected.length ? `expected ${expected.join(', ')}` : undefined));
  }
  const verdicts = answers.map((a) => ({ a, v: judge(a, expect.given, endpoints) }));
  const failures = verdicts.flatMap(({ a, v }) => (v.ok === false ? [{ code: v.code, line: `${show(a)}${v.text}` }] : []));
  if (failures.length > 0) {
    const code = ORDER.find((c) => failures.some((f) => f.code === c)) as DiagnosisCode;
    return fail(failures.map((f) => f.line).join('; '), diagnose(code));
  }
  const matched = verdicts.flatMap(({ a, v }) => (v.ok === true ? [`${show(a)}, ${v.by}`] : []));
  const unchecked = verdicts.filter(({ v }) => v.ok === 'unchecked').map(({ a }) => a);
  const all = [...new Set(answers.map((a) => a.address))].join(', ');
  if (unchecked.length === 0) {
    const viaOutputs = verdicts.every(({ v }) => v.ok === true && !v.by.startsWith('--expect-ip'));
    return pass(`every answer is ${viaOutputs ? "its endpoint's IP" : 'an expected IP'} (${matched.join('; ')})`);
  }
  if (unchecked.length === answers.length) return pass(`every answer is private (${all}); pass --expect-ip or --outputs to compare with the endpoint's IP`);
  return pass(`every answer is an expected IP or private (${all}); no expected IP for ${[...new Set(unchecked.map((a) => a.name))].join(', ')}`);
}

function judge(answer: Answer, given: readonly string[], endpoints: readonly EndpointOutputs[]): Verdict {
  const same = (ip: string | undefined): boolean => ip !== undefined && canonicalIp(ip) === canonicalIp(answer.address);
  const pl = parsePlHost(answer.name);
  const found = ownersOf(answer.name, endpoints);
  const owners = found?.owners ?? [];
  const hit = owners.find((e) => same(e.privateIp));
  if (hit) return { ok: true, by: found?.ambiguous ? `one of ${owners.map((e) => e.stem).join(', ')} (the outputs do not say which)` : hit.stem };
  const expected =
    owners.length > 0
      ? `${owners.map((e) => e.privateIp).join(' or ')} (${owners.map((e) => e.privateIpSource).join(', ')})`
      : given.length > 0
        ? `${given.join(' or ')} (--expect-ip)`
        : pl
          ? `the IP of the endpoint that serves ${pl.region}`
          : `${endpoints.map((e) => e.privateIp).join(' or ')} (the outputs' private IPs)`;
  // Another endpoint's IP: a record copied between endpoints, or one zone answering for both.
  const other = pl ? endpoints.find((e) => same(e.privateIp)) : undefined;
  if (other) {
    const code = other.region !== undefined && pl && other.region !== pl.region ? 'WRONG_REGION_IP' : 'WRONG_ENDPOINT_IP';
    return { ok: false, code, text: `, the IP of endpoint ${other.stem} (${other.privateIpSource}); expected ${expected}` };
  }
  if (owners.length > 0) return { ok: false, code: 'WRONG_PRIVATE_IP', text: `; expected ${expected}` };
  if (given.length > 0) return given.some(same) ? { ok: true, by: '--expect-ip' } : { ok: false, code: 'WRONG_PRIVATE_IP', text: `; expected ${expected}` };
  if (endpoints.length === 0) return { ok: 'unchecked' };
  if (pl) return { ok: false, code: 'HOST_NOT_IN_OUTPUTS', text: `: no endpoint of the outputs serves this host (outputs describe ${endpoints.map((e) => e.stem).join(', ')})` };
  // A host name of another form: any endpoint of the outputs.
  const any = endpoints.find((e) => same(e.privateIp));
  return any ? { ok: true, by: any.stem } : { ok: false, code: 'WRONG_PRIVATE_IP', text: `; expected ${expected}` };
}
