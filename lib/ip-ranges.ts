/**
 * The one definition of "private IPv4" shared by the constructs (static endpoint IPs) and the
 * verifier (expected IPs and DNS answers). Azure's VNet FAQ ("What address ranges can I use in my
 * virtual networks?", https://learn.microsoft.com/azure/virtual-network/virtual-networks-faq)
 * recommends the RFC 1918 ranges and adds that the RFC 6598 shared address space 100.64.0.0/10
 * "is treated as a private IP address space in Azure"; a private endpoint takes its address from
 * its subnet, so it may lie in any of the four.
 */
const RANGES: ReadonlyArray<readonly [number, number, number, number, number]> = [
  [10, 0, 0, 0, 8],
  [172, 16, 0, 0, 12],
  [192, 168, 0, 0, 16],
  [100, 64, 0, 0, 10],
];

export const PRIVATE_IPV4_RANGES_TEXT = '10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10';

/** True for a dotted-quad IPv4 address inside one of the ranges above (no validation of the form). */
export function isPrivateIpv4(ip: string): boolean {
  const value = ip.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
  return RANGES.some(([a, b, c, d, bits]) => {
    const size = 2 ** (32 - bits);
    return Math.floor(value / size) === Math.floor((((a * 256 + b) * 256 + c) * 256 + d) / size);
  });
}
