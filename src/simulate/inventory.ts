/**
 * Installed software and OS facts as the agent collects them: software from the registry's Uninstall keys
 * (DisplayName, DisplayVersion, Publisher, InstallDate as yyyyMMdd), OS facts from Win32_OperatingSystem and
 * Win32_ComputerSystem plus the build's update revision (UBR) and DisplayVersion from the registry.
 */
import { DOMAIN, NETBIOS_DOMAIN, type Software } from './catalog.js';
import type { DevicePlan } from './fleet.js';
import { psDate } from './status.js';

export interface Installed extends Software { installedAt: number }

const yyyymmdd = (ms: number) => new Date(ms).toISOString().slice(0, 10).replace(/-/g, '');

export function softwareItems(installed: readonly Installed[]): Record<string, unknown>[] {
  return installed.map(s => ({
    DisplayName: s.name,
    DisplayVersion: s.version,
    Publisher: s.publisher,
    InstallDate: yyyymmdd(s.installedAt),
  }));
}

export interface OsState { ubr: number; lastBoot: number; ipAddress: string; macAddress: string; computerId: string }

export function osFacts(plan: DevicePlan, state: OsState): Record<string, unknown> {
  const os = plan.os;
  const server = os.server;
  return {
    CSName: plan.hostName,
    DNSHostName: plan.hostName.toLowerCase(),
    Domain: DOMAIN,
    NetBIOSDomain: NETBIOS_DOMAIN,
    PartOfDomain: true,
    Caption: os.caption,
    Version: os.version,
    BuildNumber: String(os.build),
    UBR: state.ubr,
    DisplayVersion: os.displayVersion,
    OSArchitecture: '64-bit',
    // Win32_OperatingSystem.ProductType: 1 workstation, 2 domain controller, 3 server
    ProductType: !server ? 1 : plan.role === 'DC' ? 2 : 3,
    LastBootUpTime: psDate(state.lastBoot),
    Manufacturer: plan.virtual ? 'VMware, Inc.' : server ? 'Dell Inc.' : 'LENOVO',
    Model: plan.virtual ? 'VMware7,1' : server ? 'PowerEdge R650' : '21HMCTO1WW',
    IsVirtualMachine: plan.virtual,
    IPv4Addresses: [state.ipAddress],
    MacAddress: state.macAddress,
    LoggedOnUser: server ? null : `${NETBIOS_DOMAIN}\\${plan.user}`,
  };
}
