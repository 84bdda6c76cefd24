/**
 * Which endpoint serves which host in the rehearsal (docs/atlas-azure-model.md §M6.1, §M4.3),
 * from estates shaped as the replay provider publishes them (§M3.1, §M3.3, §M3.6): a
 * multi-region replica set's one string puts each region's host on its own region's endpoint,
 * the public view answers each host with that IP, and only the string's first host claims the
 * replica set.
 */
import { publicRecords } from '../../rehearse/dns';
import { hostsOnEndpoints, regionOfHost } from '../../rehearse/hosts';
import { serversFor } from '../../rehearse/servers';
import { parseStandardString, type Estate, type Published } from '../../rehearse/state';

const PE = (region: string) => `/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe-${region}`;
const endpoints = [
  { id: PE('eastus2'), key: 'eastus2', ip: '10.20.1.4' },
  { id: PE('westus2'), key: 'westus2', ip: '10.30.1.4' },
];

function published(srvHost: string, connection: string, ids: string[]): Published {
  return { endpointId: ids[0], endpointIds: ids, srvHost, ...parseStandardString(connection) };
}

const RS = 'mongodb://pl-0-eastus2.abc12.mongodb.net:1024,pl-0-eastus2.abc12.mongodb.net:1025,pl-0-eastus2.abc12.mongodb.net:1026,' +
  'pl-0-westus2.abc12.mongodb.net:1024,pl-0-westus2.abc12.mongodb.net:1025/?ssl=true&authSource=admin&replicaSet=atlas-x7k2qp-shard-0';

describe('rehearse: hosts on endpoints', () => {
  test('the region of a host comes from its first label, with or without a suffix (§M4.3)', () => {
    expect(regionOfHost('pl-0-eastus2.abc12.mongodb.net')).toBe('eastus2');
    expect(regionOfHost('PL-1-westeurope-azure.gmmteo.mongodb.net')).toBe('westeurope');
    expect(regionOfHost('cluster0-shard-00-00.abc12.mongodb.net')).toBeUndefined();
  });

  test('a multi-region replica set: each region\'s host on its own endpoint with its own ports (§M3.3)', () => {
    const estate: Estate = { endpoints, privateZones: [], published: [published('cluster0-pl-0.abc12.mongodb.net', RS, [PE('eastus2'), PE('westus2')])] };
    expect(hostsOnEndpoints(estate).map(({ host, ip, ports }) => ({ host, ip, ports }))).toEqual([
      { host: 'pl-0-eastus2.abc12.mongodb.net', ip: '10.20.1.4', ports: [1024, 1025, 1026] },
      { host: 'pl-0-westus2.abc12.mongodb.net', ip: '10.30.1.4', ports: [1024, 1025] },
    ]);
    expect(serversFor(estate).map((s) => s.replSetName)).toEqual(['atlas-x7k2qp-shard-0', '']);
    expect(publicRecords(estate).filter((r) => r.type === 'A')).toEqual([
      { name: 'pl-0-eastus2.abc12.mongodb.net', type: 'A', address: '10.20.1.4' },
      { name: 'pl-0-westus2.abc12.mongodb.net', type: 'A', address: '10.30.1.4' },
    ]);
    expect(publicRecords(estate).filter((r) => r.type === 'SRV')).toHaveLength(5);
  });

  test('a sharded cluster in regional mode: one string per endpoint, each claiming a name of its own (§M3.6)', () => {
    const estate: Estate = {
      endpoints,
      privateZones: [],
      published: [
        published('geo0-pl-0-eastus2.q4w7e.mongodb.net', 'mongodb://pl-0-eastus2.q4w7e.mongodb.net:1024,pl-0-eastus2.q4w7e.mongodb.net:1025/?ssl=true&authSource=admin', [PE('eastus2')]),
        published('geo0-pl-0-westus2.q4w7e.mongodb.net', 'mongodb://pl-0-westus2.q4w7e.mongodb.net:1024/?ssl=true&authSource=admin', [PE('westus2')]),
      ],
    };
    expect(serversFor(estate)).toEqual([
      { host: 'pl-0-eastus2.q4w7e.mongodb.net', ip: '10.20.1.4', ports: [1024, 1025], replSetName: 'rehearse-geo0-pl-0-eastus2' },
      { host: 'pl-0-westus2.q4w7e.mongodb.net', ip: '10.30.1.4', ports: [1024], replSetName: 'rehearse-geo0-pl-0-westus2' },
    ]);
  });

  test('a host no endpoint of its string serves is an error naming it', () => {
    const estate: Estate = { endpoints, privateZones: [], published: [published('cluster0-pl-0.abc12.mongodb.net', RS.replace(/westus2/g, 'centralus'), [PE('eastus2'), PE('westus2')])] };
    expect(() => hostsOnEndpoints(estate)).toThrow('no registered endpoint serves pl-0-centralus.abc12.mongodb.net (the string cluster0-pl-0.abc12.mongodb.net names eastus2 10.20.1.4, westus2 10.30.1.4)');
  });
});
