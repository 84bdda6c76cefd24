/**
 * The fault catalogue: the common ways a private-link set-up breaks after a green apply, each
 * staged for real by the rehearsal (rehearse/scenarios/), each proven twice: an unmodified client
 * (`--exec`) meets it as an app would, and the verifier names it. This one list feeds the
 * rehearsal (`--scenario <name>` / `all`), its tests, and the catalogue section of
 * docs/troubleshooting.md (rehearse/catalogue-doc.ts; a test fails when the page drifts).
 * Expectations hold for the default config (config/example.json, dns strategy host-zones). The
 * order is the run order of `--scenario all`: scenarios that share DNS zones or database members
 * sit together, so the fewest servers restart (FerretDB only for the last two).
 */
import type { DiagnosisCode } from '../verify/diagnoses';
import type { CheckId } from '../verify/types';

export interface Fault {
  /** `--scenario <name>`. */
  readonly name: string;
  /** What is staged in the namespace, in the terms of the real estate. */
  readonly stages: string;
  /** The diagnosis of the verifier's first failed check. */
  readonly expected: DiagnosisCode;
  /** The check that reports it. */
  readonly check: CheckId;
  /** Whether an unmodified client fails (`works`: the verifier warns before the app notices). */
  readonly client: 'fails' | 'works';
  /** What the app sees first: the driver's error as examples/app.js prints it (`<hash>` etc. generic); prose when the app keeps working. */
  readonly appSees: string;
  /** Matches the client's output in the rehearsal (tests and the `all` table). */
  readonly appPattern: RegExp;
  /** What the verifier's message must name (beyond the code), as a pattern over its message. */
  readonly evidence: RegExp;
  readonly fix: string;
  /** The model rows (docs/atlas-azure-model.md) the staging relies on. */
  readonly model: string;
}

const SERVER_SELECTION = /MongoServerSelectionError: Server selection timed out after 5000 ms/;

export const CATALOGUE: readonly Fault[] = [
  {
    name: 'shadowed',
    stages: 'A hand-made Private DNS zone `<hash>.mongodb.net` linked to the VNet, holding only the `pl-0` A record.',
    expected: 'SRV_SHADOWED',
    check: 'dns-srv',
    client: 'fails',
    appSees: 'Error: querySrv ENOTFOUND _mongodb._tcp.cluster0-pl-0.<hash>.mongodb.net',
    appPattern: /Error: querySrv ENOTFOUND _mongodb\._tcp\./,
    evidence: /NXDOMAIN, while its target pl-0-\S+ resolves/,
    fix: 'Delete the hand-made zone and let the stack own DNS (`host-zones` or `cluster-zone`), or add the SRV and TXT records to it. See [dns-strategies.md](dns-strategies.md).',
    model: '§M10.1',
  },
  {
    name: 'no-public-dns',
    stages: 'The VNet resolver answers the private zones only; every other name is REFUSED (no forwarding to public DNS).',
    expected: 'DNS_REFUSED',
    check: 'dns-srv',
    client: 'fails',
    appSees: 'Error: querySrv EREFUSED _mongodb._tcp.cluster0-pl-0.<hash>.mongodb.net',
    appPattern: /Error: querySrv EREFUSED _mongodb\._tcp\./,
    evidence: /EREFUSED/,
    fix: 'With `host-zones` the SRV and TXT records come from public DNS: let the resolver forward `mongodb.net`, or use `cluster-zone`, whose zone carries them.',
    model: '§M10.1, §M4.4',
  },
  {
    name: 'stale-a-record',
    stages: 'The private endpoint was re-created with a new IP; a hand-kept A record for `pl-0-<region>.<hash>.mongodb.net` still holds the old one (nothing answers there any more).',
    expected: 'WRONG_PRIVATE_IP',
    check: 'private-ip',
    client: 'fails',
    appSees: 'MongoServerSelectionError: connect ENETUNREACH <old IP>:1024 (on Azure: a connect timeout)',
    appPattern: /MongoServerSelectionError: connect ENETUNREACH 10\.\d+\.\d+\.\d+:\d+/,
    evidence: /-> (10\.\d+\.\d+\.\d+); expected (?!\1)10\.\d+\.\d+\.\d+ \(\S+(?:_private_ip|_endpoint\.private_ip)\)/,
    fix: 'Point the A record at the `*_private_ip` output (the endpoint\'s current IP), better let the stack own the record (`host-zones`), and remove hand-kept copies in other zones linked to the VNet.',
    model: '§M4.4, §M6.1',
  },
  {
    name: 'txt-missing',
    stages: 'A hand-made zone `<hash>.mongodb.net` carries the SRV and A records but no TXT record.',
    expected: 'TXT_MISSING',
    check: 'dns-txt',
    client: 'works',
    appSees: 'Nothing with a URI that names no database. Without TXT the driver has no `authSource=admin`: an app whose URI names a database (`/<db>`) authenticates against that database instead.',
    appPattern: /app: insert, update, read \(qty 2\), delete in \S+: ok/,
    evidence: /no TXT record/,
    fix: 'Add the TXT record Atlas publishes (`authSource=admin&replicaSet=...`) to the zone, or let the stack own the zone (`cluster-zone` writes it).',
    model: '§M4.6, §M10.1',
  },
  {
    name: 'dns-down',
    stages: 'The VNet\'s DNS server is down: nothing answers on port 53.',
    expected: 'DNS_UNREACHABLE',
    check: 'dns-srv',
    client: 'fails',
    appSees: 'Error: querySrv ECONNREFUSED _mongodb._tcp.cluster0-pl-0.<hash>.mongodb.net (or ETIMEOUT when packets are dropped)',
    appPattern: /Error: querySrv ECONNREFUSED _mongodb\._tcp\./,
    evidence: /ECONNREFUSED.*\(servers 127\.0\.0\.1\)/,
    fix: 'Start or fix the DNS forwarder the VNet names (or Azure DNS Private Resolver), and allow 53/UDP+TCP to it.',
    model: '§M10.4',
  },
  {
    name: 'zone-not-linked',
    stages: 'The stack\'s Private DNS zones exist but are not linked to the client\'s VNet; the private host has no public record either.',
    expected: 'PRIVATE_ZONE_NOT_LINKED',
    check: 'dns-a',
    client: 'fails',
    appSees: 'MongoServerSelectionError: getaddrinfo ENOTFOUND pl-0-<region>.<hash>.mongodb.net',
    appPattern: /MongoServerSelectionError: getaddrinfo ENOTFOUND pl-0-\S+/,
    evidence: /an endpoint host by the outputs, is NXDOMAIN through Azure DNS.*answered/,
    fix: 'Link the zones to this VNet (or to the VNet of the DNS forwarder it uses): add its id to `azure.virtualNetworkIds` and apply.',
    model: '§M10.4, §M4.4',
  },
  {
    name: 'public-connection-string',
    stages: 'The app uses the cluster\'s standard SRV string (`cluster0.<hash>.mongodb.net`), not the private-endpoint one (`cluster0-pl-0...`); its hosts resolve to public IPs, unreachable from the VNet.',
    expected: 'PUBLIC_CONNECTION_STRING',
    check: 'private-ip',
    client: 'fails',
    appSees: 'MongoServerSelectionError: connect ENETUNREACH <public IP>:27017 (on Azure with internet egress: a timeout, or Atlas closes the connection: IP not in the access list)',
    appPattern: /MongoServerSelectionError: connect ENETUNREACH \d+\.\d+\.\d+\.\d+:27017/,
    evidence: /is the cluster's standard host.*private-endpoint string is mongodb\+srv:\/\/\S+-pl-\d/,
    fix: 'Use the `*_srv_connection_string` output (the private-endpoint SRV string, `...-pl-0...`) in the app.',
    model: '§M3, §M5.2',
  },
  {
    name: 'wrong-password',
    stages: 'The app\'s connection string carries a wrong password for the database user.',
    expected: 'AUTH_FAILED',
    check: 'crud',
    client: 'fails',
    appSees: 'MongoServerError: Authentication failed.',
    appPattern: /MongoServerError: Authentication failed\./,
    evidence: /Authentication failed/,
    fix: 'Use the Atlas database user\'s password (not the Atlas login) in `MONGODB_URI`; URL-encode special characters.',
    model: '—',
  },
  {
    name: 'ports-blocked',
    stages: 'An NSG or firewall drops the member ports: packets to the endpoint IP\'s ports are dropped inside the namespace (nftables).',
    expected: 'TCP_TIMEOUT',
    check: 'tcp',
    client: 'fails',
    appSees: 'MongoServerSelectionError: Server selection timed out after 5000 ms',
    appPattern: SERVER_SELECTION,
    evidence: /0\/3 reachable; .*: no answer within \d+ ms/,
    fix: 'Allow TCP to the endpoint IP on the SRV ports (Atlas may use 1024-65535) from the app subnet in NSGs, firewalls and UDRs.',
    model: '§M4.2',
  },
  {
    name: 'endpoint-pending',
    stages: 'The registration is not AVAILABLE yet: a refresh shows Atlas `azure_status` INITIATING, Azure\'s connection Pending (Atlas approves it when it accepts the registration) and no private-endpoint string published; no packet reaches the members.',
    expected: 'ATLAS_NOT_AVAILABLE',
    check: 'control-plane',
    client: 'fails',
    appSees: 'MongoServerSelectionError: Server selection timed out after 5000 ms',
    appPattern: SERVER_SELECTION,
    evidence: /connection_status=Pending, .*_atlas_status=INITIATING/,
    fix: 'Wait for Atlas, then `terraform apply` (or `apply -refresh-only`) again and re-run; the registration waits up to its create timeout.',
    model: '§M5.3, §M7.1, §M7.3',
  },
  {
    name: 'endpoint-rejected',
    stages: 'Azure\'s private endpoint connection is Rejected after a green apply (the owner of the private link service, Atlas, rejected it): a refresh reads it from `azurerm_private_endpoint_connection` into `*_connection_status`, and no packet reaches the members. Atlas\' registration keeps AVAILABLE and its string: what Atlas shows for a rejected Azure connection is not documented (model §M7.3).',
    expected: 'ENDPOINT_REJECTED',
    check: 'control-plane',
    client: 'fails',
    appSees: 'MongoServerSelectionError: Server selection timed out after 5000 ms',
    appPattern: SERVER_SELECTION,
    evidence: /connection_status=Rejected/,
    fix: 'Waiting does not help (Atlas approves only when it registers an endpoint; a disconnected endpoint is meant to be deleted): re-create the Azure private endpoint and its registration (`terraform apply -replace=<the azurerm_private_endpoint address>`).',
    model: '§M7.1, §M7.3, §M17.4',
  },
  {
    name: 'member-down',
    stages: 'One replica-set member behind the endpoint is down: its port refuses connections, the others serve.',
    expected: 'TCP_REFUSED',
    check: 'tcp',
    client: 'works',
    appSees: 'Nothing yet: the driver keeps using the members that answer.',
    appPattern: /app: insert, update, read \(qty 2\), delete in \S+: ok/,
    evidence: /^2\/3 reachable; pl-0-\S+:(\d+) \(10\.\d+\.\d+\.\d+:\1\): ECONNREFUSED$/,
    fix: 'If the port is one of the SRV record\'s, the member is down or restarting on the Atlas side (check the cluster in Atlas); if it is not, the SRV record lists a port Atlas did not assign (fix the record).',
    model: '§M4.1, §M4.2',
  },
  {
    name: 'tls-inspection',
    stages: 'A middlebox answers the member ports with a certificate from a CA the client does not trust.',
    expected: 'TLS_UNTRUSTED_CA',
    check: 'crud',
    client: 'fails',
    appSees: 'MongoServerSelectionError: unable to verify the first certificate',
    appPattern: /MongoServerSelectionError: unable to verify the first certificate/,
    evidence: /unable to verify the first certificate/,
    fix: 'Exempt `*.mongodb.net` and the endpoint IP from TLS inspection, or trust the inspecting CA (`tlsCAFile`) where policy demands inspection.',
    model: '—',
  },
];

export const FAULT_NAMES: readonly string[] = CATALOGUE.map((f) => f.name);

export function faultNamed(name: string): Fault | undefined {
  return CATALOGUE.find((f) => f.name === name);
}

/** The anchor of a diagnosis code's row in docs/troubleshooting.md. */
export { seeFor } from '../verify/diagnoses';
