/** Software installed on the device, as its last inventory listed it. */
import { DataTable, type ColumnDef } from '../../../components/data-table';
import type { DeviceDetail } from '../model';

type Item = DeviceDetail['software'][number];

const COLUMNS: ColumnDef<Item>[] = [
  { key: 'name', title: 'Name', width: 440 },
  { key: 'vendor', title: 'Vendor', width: 300 },
  { key: 'version', title: 'Version', width: 200, render: s => <span className="mono">{s.version ?? ''}</span> },
];

export function Software({ software, deviceName }: { software: Item[]; deviceName: string }) {
  const safe = (deviceName || 'device').replace(/[^A-Za-z0-9._-]+/g, '_');
  return (
    <DataTable rows={software} columns={COLUMNS} rowKey={s => `${s.name}|${s.vendor}|${s.version}`} label="Installed software"
      exportName={`picket-software-${safe}.csv`} initialSort={{ key: 'name' }} height={480}
      empty="No software inventory from this device yet." />
  );
}
