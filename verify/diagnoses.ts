/**
 * The catalogue of failure diagnoses. Codes are stable (scripts and the troubleshooting table
 * match on them); texts are for humans and may take details of the failing run.
 */
import type { Diagnosis } from './types';

export type DiagnosisCode =
  | 'ATLAS_NOT_AVAILABLE'
  | 'SRV_SHADOWED'
  | 'SRV_NXDOMAIN'
  | 'SRV_EMPTY'
  | 'SRV_TARGET_OUTSIDE_DOMAIN'
  | 'DNS_UNREACHABLE'
  | 'DNS_ERROR'
  | 'TXT_MISSING'
  | 'TXT_MULTIPLE'
  | 'TXT_FORBIDDEN_KEYS'
  | 'A_NXDOMAIN'
  | 'PUBLIC_IP'
  | 'WRONG_PRIVATE_IP'
  | 'WRONG_REGION_IP'
  | 'TCP_REFUSED'
  | 'TCP_TIMEOUT'
  | 'TCP_UNREACHABLE'
  | 'AUTH_FAILED'
  | 'AUTH_REQUIRED'
  | 'TLS_UNTRUSTED_CA'
  | 'TLS_HOSTNAME_MISMATCH'
  | 'TLS_HANDSHAKE_FAILED'
  | 'SERVER_SELECTION_TIMEOUT'
  | 'CRUD_FAILED'
  | 'DEADLINE_EXCEEDED'
  // Per-endpoint matching, publication, resolver and URI findings (issues 14, 15, 16, 18).
  | 'WRONG_ENDPOINT_IP'
  | 'HOST_NOT_IN_OUTPUTS'
  | 'SRV_NOT_PUBLISHED'
  | 'DNS_REFUSED'
  | 'CUSTOM_DNS_NOT_FORWARDING'
  | 'URI_TLS_DISABLED'
  // The fault catalogue (issue 19): sharper codes where the rehearsal showed a vague one.
  | 'PUBLIC_CONNECTION_STRING'
  | 'PRIVATE_ZONE_NOT_LINKED'
  | 'ENDPOINT_REJECTED';

const texts: Record<DiagnosisCode, string> = {
  ATLAS_NOT_AVAILABLE:
    'The private endpoint is not ready: the registration (azure_status) or the private link service is not AVAILABLE, or Azure reports the endpoint\'s connection Pending (Atlas approves it when the registration is created). INITIATING or Pending: wait and re-run `terraform apply` (or `terraform apply -refresh-only`); FAILED: read the registration\'s error_message (often the Azure endpoint points at another private link service). A value no document lists is shown as reported.',
  SRV_SHADOWED:
    'The SRV name does not exist, yet the cluster\'s host name (or a zone at its parent domain) resolves here: a Private DNS zone named <hash>.mongodb.net is linked to this VNet and is authoritative for the whole subdomain, but carries no SRV/TXT records, so it hides Atlas\' public ones (the shadowing trap). Fix: use an exact-hostname zone (pl-0-<region>.<hash>.mongodb.net with an apex A record), or add the SRV and TXT records to that zone, or remove the zone.',
  SRV_NXDOMAIN:
    'The SRV name does not exist for this resolver and no cluster host name resolves either. Check the host in the connection string (use the private-endpoint one, *-pl-0.*), that the private endpoint is registered (Atlas publishes the private-endpoint names only then), and that this machine uses the resolver you expect.',
  SRV_EMPTY:
    'The SRV name exists but has no SRV records (NODATA). A DNS zone answers for the name without carrying the record: add the SRV record (one per port) or remove the zone.',
  SRV_TARGET_OUTSIDE_DOMAIN:
    'An SRV target is not in the parent domain of the SRV host; MongoDB drivers refuse such targets. Fix the SRV records in your DNS zone.',
  DNS_UNREACHABLE:
    'The DNS server did not answer in time, or nothing listens on its port. Check --dns-server / the VNet\'s DNS settings, that the resolver (or DNS forwarder) is running and reachable on port 53 UDP/TCP, and that no NSG or firewall blocks it.',
  DNS_ERROR: 'The DNS server returned an error (SERVFAIL or similar). Check the resolver\'s logs and its forwarding rules for mongodb.net.',
  TXT_MISSING:
    'The TXT record of the SRV host is missing. Drivers then connect without replicaSet/authSource and may fail; add the TXT record Atlas publishes (e.g. authSource=admin&replicaSet=...) to your zone, or remove the zone that hides it.',
  TXT_MULTIPLE:
    'The SRV host has more than one TXT record; MongoDB drivers refuse to connect. Keep exactly one (the one Atlas publishes) in your DNS zone.',
  TXT_FORBIDDEN_KEYS:
    'The TXT record carries keys other than authSource, replicaSet and loadBalanced, or one of them with an empty value; MongoDB drivers refuse such records. Fix the TXT record in your DNS zone.',
  A_NXDOMAIN:
    'An SRV target host name does not resolve. Add its A record (the private endpoint\'s IP) to the Private DNS zone, or link the zone to this VNet / to the VNet of your DNS forwarder.',
  PUBLIC_IP:
    'A cluster host name resolves to a public IP: DNS is not wired to the private endpoint, so traffic would leave the VNet (and Atlas would refuse it without an IP access-list entry). Create/link the Private DNS zone with an A record to the endpoint\'s private IP, or fix the DNS forwarder.',
  WRONG_PRIVATE_IP:
    'A cluster host name resolves to a private IP that is not this endpoint\'s: another private endpoint (another project or environment) or a stale record after the endpoint was re-created. Update the A record to the endpoint\'s current private IP.',
  WRONG_REGION_IP:
    'A region\'s host name (pl-<n>-<region>.<hash>.mongodb.net) resolves to the private endpoint IP of another region from the outputs. Each region\'s host must answer its own region\'s endpoint IP: the A record was copied from another region, or one zone answers for both. Point the A record at the endpoint IP of the region in the host name (that region\'s *_private_ip output).',
  TCP_REFUSED:
    'The connection was refused: something answered at that address but no listener serves the port. Check that the port is one Atlas assigned to this endpoint (the SRV record lists them) and that the record points at the right endpoint.',
  TCP_TIMEOUT:
    'The TCP connection timed out: packets are dropped on the way. Check the NSG / firewall / UDR rules on the app subnet and the endpoint subnet (allow the SRV ports, typically 1024-1026), and that the private endpoint connection is Approved in Azure.',
  TCP_UNREACHABLE:
    'There is no route to the endpoint\'s address from this machine. Check VNet peering / routes between this machine and the endpoint subnet.',
  AUTH_FAILED:
    'Authentication failed: the user name or password in --uri is wrong, or the database user does not exist / has another authSource. Check the Atlas database user (not the Atlas account login).',
  AUTH_REQUIRED:
    'The server requires authentication (or the user lacks the role) for the scratch round trip. Put credentials of a database user with readWrite on the scratch database in --uri, or pass --skip-crud.',
  TLS_UNTRUSTED_CA:
    'TLS failed: the server\'s certificate chain is not trusted by this machine. A TLS-inspecting proxy, a missing corporate CA, or an outdated CA bundle; pass --tls-ca-file with the right CA, or fix the trust store.',
  TLS_HOSTNAME_MISMATCH:
    'TLS failed: the server\'s certificate does not name the host you connected to. The DNS record points at another service, or the connection string uses a host the certificate does not cover.',
  TLS_HANDSHAKE_FAILED: 'The TLS handshake failed. Check that the port speaks TLS (Atlas always does) and that no middlebox rewrites the traffic.',
  SERVER_SELECTION_TIMEOUT:
    'The driver reached no usable server in time although DNS and TCP worked. The replica set name in TXT may not match the servers, or the servers are not ready; the message has the driver\'s reason.',
  CRUD_FAILED: 'The scratch round trip failed after connecting; the message has the server\'s error.',
  DEADLINE_EXCEEDED: 'The run\'s global deadline was reached before this step could finish; raise --timeout or look at the slow step.',
  // Per-endpoint matching, publication, resolver and URI findings (issues 14, 15, 16, 18).
  WRONG_ENDPOINT_IP:
    'A host name resolves to the private IP of another endpoint of the same outputs (another endpoint in the same region, e.g. pl-1-<region> answering the IP of pl-0-<region>\'s endpoint). Each endpoint\'s hosts (pl-<n>-<region>, the n of that endpoint\'s own SRV string cluster0-pl-<n>) must answer that endpoint\'s IP: fix the A record, or the zone that answers for both.',
  HOST_NOT_IN_OUTPUTS:
    'A host of the SRV answer belongs to no endpoint the outputs describe: it is served by an endpoint of another stack or region (a multi-region replica set spans the hosts of every region, so this machine must resolve and reach each region\'s endpoint). Pass that stack\'s outputs or its endpoint IP with --expect-ip, or add the missing region\'s endpoint.',
  SRV_NOT_PUBLISHED:
    'The outputs hold an empty private-endpoint SRV connection string: Atlas has not published it yet (it does so some minutes after the registration is AVAILABLE, and only once every region with nodes has an endpoint). Wait, run `terraform apply` (or `terraform apply -refresh-only`) again, write the outputs again and re-run; or pass --uri.',
  DNS_REFUSED:
    'The DNS server answered at once, refusing the query (REFUSED): it runs, but will not resolve this name for this client (recursion disabled, an access list, or no forwarding for mongodb.net). Let it forward mongodb.net to Azure DNS (168.63.129.16) or to public DNS, or use a resolver that does.',
  CUSTOM_DNS_NOT_FORWARDING:
    'The custom-DNS trap: this machine asks a resolver that is not Azure DNS (168.63.129.16), which answers the public SRV name but not the private endpoint host name. Private DNS zones answer only through Azure DNS: the VNet\'s custom DNS servers (or the forwarder they use) must forward the zone\'s names (or all of mongodb.net) to 168.63.129.16, or to the inbound endpoint of an Azure DNS Private Resolver in a VNet linked to the zone.',
  URI_TLS_DISABLED:
    'The connection string turns TLS off (tls=false or ssl=false), but Atlas accepts only TLS connections: the server closes the plain-text connection. Remove the option from the connection string.',
  PUBLIC_CONNECTION_STRING:
    'The connection string is not the private-endpoint one: its host is the cluster\'s standard host, whose members resolve to public IPs, so the app would leave the VNet (and Atlas refuses it without an IP access-list entry). Use the private-endpoint SRV string (the *_srv_connection_string output, <cluster>-pl-<n>.<hash>.mongodb.net).',
  PRIVATE_ZONE_NOT_LINKED:
    'The endpoint\'s host name does not resolve through Azure DNS, although Azure DNS answers (the SRV name resolved): no Private DNS zone holding the host is linked to this VNet. Link the zone to this VNet, or to the VNet of the DNS forwarder it uses (azure.virtualNetworkIds), and apply.',
  ENDPOINT_REJECTED:
    'Azure reports the private endpoint\'s connection Rejected or Disconnected (the *_connection_status output, read from azurerm_private_endpoint_connection): the owner of the private link service (Atlas) rejected the connection or removed it. Only an Approved connection carries traffic; Atlas approves only when it registers an endpoint, so waiting does not bring it back, and a disconnected endpoint is meant to be deleted. Atlas\' registration status may still say AVAILABLE (its documented statuses have no rejected state). Re-create the Azure private endpoint and its Atlas registration (terraform apply -replace=<the azurerm_private_endpoint address>).',
};

/** Where each code is explained: its row in the troubleshooting guide (anchors are stable). */
export const seeFor = (code: DiagnosisCode): string => `docs/troubleshooting.md#code-${code.toLowerCase().replace(/_/g, '-')}`;

export function diagnose(code: DiagnosisCode, detail?: string): Diagnosis {
  return { code, text: detail ? `${texts[code]} (${detail})` : texts[code], see: seeFor(code) };
}

export function diagnosisCatalogue(): ReadonlyArray<{ code: DiagnosisCode; text: string }> {
  return (Object.keys(texts) as DiagnosisCode[]).map((code) => ({ code, text: texts[code] }));
}
