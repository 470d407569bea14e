/**
 * Devices: the whole fleet in one virtualised table (thousands of rows stay smooth). The API filters by mode,
 * protection, signature age and threat; the search box filters the loaded rows at once, without a request.
 * All filters live in the URL.
 */
import { useMemo } from 'react';
import { qs } from '../../api/client';
import { useApi } from '../../api/use-api';
import { DataTable } from '../../components/data-table';
import { Page } from '../../components/page';
import { ErrorBox, Loading } from '../../components/status';
import { useLocation } from '../../router';
import { ClearFilters, DeviceFilters } from './device-filters';
import { DEVICE_COLUMNS } from './device-columns';
import { DEVICE_FILTERS, type DeviceRow } from './model';

const SEARCHED: (keyof DeviceRow)[] = ['deviceName', 'deviceId', 'osPlatform', 'osVersion', 'mode', 'amRunningMode', 'engineVersion', 'platformVersion', 'signatureVersion', 'agentVersion'];

function matches(d: DeviceRow, needle: string): boolean {
  return SEARCHED.some(k => { const v = d[k]; return typeof v === 'string' && v.toLowerCase().includes(needle); });
}

export default function DevicesPage() {
  const { query } = useLocation();
  const filters = Object.fromEntries(DEVICE_FILTERS.map(k => [k, query.get(k)]));
  const path = `/api/v1/devices${qs(filters)}`;
  const r = useApi<{ devices: DeviceRow[] }>(path, { refreshMs: 60_000 });
  const search = (query.get('search') ?? '').trim().toLowerCase();
  const rows = useMemo(() => {
    const all = r.data?.devices ?? [];
    return search ? all.filter(d => matches(d, search)) : all;
  }, [r.data, search]);
  const filtered = DEVICE_FILTERS.some(k => query.get(k)) || !!search;
  const height = Math.max(320, window.innerHeight - 300);

  return (
    <Page title="Devices" subtitle="Defender Antivirus state of every enrolled device"
      actions={<button type="button" onClick={r.reload} disabled={r.loading}>{r.loading && r.data ? 'Refreshing…' : 'Refresh'}</button>}>
      <DeviceFilters query={query} />
      {r.error && <ErrorBox error={r.error} retry={r.reload} />}
      {!r.data ? (!r.error && <Loading label="Loading devices…" />) : (
        <DataTable<DeviceRow>
          rows={rows} columns={DEVICE_COLUMNS} rowKey={d => d.deviceId} label="Devices"
          searchable={false} toolbar={<ClearFilters query={query} />} exportName="picket-devices.csv" initialSort={{ key: 'deviceName' }} height={height}
          empty={filtered ? 'No device matches these filters.' : 'No devices have enrolled yet. Create an enrolment key under Settings to onboard the first one.'}
        />
      )}
    </Page>
  );
}
