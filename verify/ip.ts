/** IP address classification for the private-ip check. */
import { isIP } from 'net';
import { isPrivateIpv4, PRIVATE_IPV4_RANGES_TEXT } from '../lib/ip-ranges';

function ipv4ToInt(ip: string): number {
  return ip.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

function inV4Cidr(ip: string, base: string, bits: number): boolean {
  const size = 2 ** (32 - bits);
  return Math.floor(ipv4ToInt(ip) / size) === Math.floor(ipv4ToInt(base) / size);
}

/** The constructs' definition for IPv4 (lib/ip-ranges.ts); fd00::/8 (the locally assigned half of ULA) for IPv6, as Azure uses. */
export function isPrivateIp(ip: string): boolean {
  const family = isIP(ip);
  if (family === 4) return isPrivateIpv4(ip);
  if (family === 6) return /^fd[0-9a-f]{2}:/i.test(expandV6(ip));
  return false;
}

export const PRIVATE_RANGES = `${PRIVATE_IPV4_RANGES_TEXT.replace(' or ', ', ')} or fd00::/8`;

/**
 * Why `ip` cannot be an endpoint's expected IP, or undefined when it can. A public expectation
 * would let private-ip pass a public answer and send the TCP and driver probes to it; loopback
 * stands in for the endpoint only in tests, and only when they ask for it.
 */
export function whyNotEndpointIp(ip: string, allowLoopback: boolean): string | undefined {
  if (!isIP(ip)) return 'not an IP address';
  if (isPrivateIp(ip) || (allowLoopback && isLoopbackIp(ip))) return undefined;
  return isLoopbackIp(ip) ? 'a loopback address (accepted only with --allow-loopback, for tests)' : 'not a private address';
}

export function isLoopbackIp(ip: string): boolean {
  const family = isIP(ip);
  if (family === 4) return inV4Cidr(ip, '127.0.0.0', 8);
  return family === 6 && expandV6(ip) === '0000:0000:0000:0000:0000:0000:0000:0001';
}

/** Canonical text of an IP so that "::1" equals "0:0::1" when comparing expectations. */
export function canonicalIp(ip: string): string {
  return isIP(ip) === 6 ? expandV6(ip) : ip;
}

function expandV6(ip: string): string {
  const [head, tail = ''] = ip.toLowerCase().split('::');
  const headParts = head ? head.split(':') : [];
  const tailParts = ip.includes('::') ? (tail ? tail.split(':') : []) : [];
  const parts = ip.includes('::')
    ? [...headParts, ...Array(8 - headParts.length - tailParts.length).fill('0'), ...tailParts]
    : headParts;
  return parts.map((p) => p.padStart(4, '0')).join(':');
}
