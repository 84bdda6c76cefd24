/**
 * One measured process for bench-synth: `bare` only imports what a synth imports;
 * `synth N outdir` synthesizes a stack with N endpoints (one per region, cluster-zone DNS).
 * Prints one JSON line: in-process synth time and the process's peak RSS.
 */
import { performance } from 'perf_hooks';
import 'cdktf';
import '@cdktf/provider-azurerm/lib/provider';
import '@cdktf/provider-azurerm/lib/private-endpoint';
import '@cdktf/provider-azurerm/lib/private-dns-zone';
import '@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link';
import '@cdktf/provider-azurerm/lib/private-dns-a-record';
import '@cdktf/provider-azurerm/lib/private-dns-srv-record';
import '@cdktf/provider-azurerm/lib/private-dns-txt-record';
import '@cdktf/provider-mongodbatlas/lib/provider';
import '@cdktf/provider-mongodbatlas/lib/privatelink-endpoint';
import '@cdktf/provider-mongodbatlas/lib/privatelink-endpoint-service';
import '@cdktf/provider-mongodbatlas/lib/private-endpoint-regional-mode';
import '@cdktf/provider-mongodbatlas/lib/data-mongodbatlas-advanced-cluster';

function report(synthMs: number): void {
  process.stdout.write(`${JSON.stringify({ synthMs, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
}

const [mode, count, outdir] = process.argv.slice(2);
if (mode === 'bare') {
  report(0);
} else {
  // Loaded only here so that the bare case measures the imports alone.
  const { AzureRegions } = require('../lib/regions') as typeof import('../lib/regions');
  const { parseConfig } = require('../app/config') as typeof import('../app/config');
  const { buildApp } = require('../app/synth') as typeof import('../app/synth');
  const sub = '/subscriptions/8f0e2a1c-3b4d-4e5f-9a6b-7c8d9e0f1a2b/resourceGroups/rg-app-prod/providers/Microsoft.Network/virtualNetworks/vnet-app-prod';
  const config = parseConfig({
    stackName: 'bench',
    atlas: { projectId: '64b7f2c1e4b0a1d2c3f4a5b6', clusterName: 'cluster0', regionalMode: true },
    azure: { resourceGroupName: 'rg-app-prod', virtualNetworkIds: [sub] },
    endpoints: AzureRegions.azureNames()
      .slice(0, Number(count))
      .map((region) => ({ region, subnetId: `${sub}/subnets/snet-pe` })),
    dns: { strategy: 'cluster-zone' },
  });
  const started = performance.now();
  buildApp(config, outdir).synth();
  report(performance.now() - started);
}
