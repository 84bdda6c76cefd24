export { AzureRegions, RegionNames } from './regions';
export { InvalidPropError } from './validation';
export * from './atlas-private-link-service';
export * from './azure-private-endpoint';
export * from './atlas-endpoint-registration';
export * from './atlas-cluster-connection-strings';
export * from './atlas-private-dns';
export * from './atlas-azure-private-link';
export * from './atlas-cluster-prerequisites';
