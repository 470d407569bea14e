/** What Defender detected on this device: threat, severity, what it did about it, and the file. */
import { useApi } from '../../../api/use-api';
import { Badge } from '../../../components/badge';
import { DataTable, type ColumnDef } from '../../../components/data-table';
import { Guard } from '../../../components/status';
import { Link } from '../../../router';
import { fmtTime } from '../../../format';
import type { Detection } from '../model';

/** Defender's own threat severities (Severe, High, Moderate, Low) and Picket's. */
const SEVERITY_TONES: Record<string, string> = { severe: 'bad', high: 'bad', moderate: 'warn', medium: 'warn', low: 'info', informational: 'muted' };

const COLUMNS: ColumnDef<Detection>[] = [
  { key: 'timestamp', title: 'Time', width: 190, render: d => fmtTime(d.timestamp) },
  { key: 'threatName', title: 'Threat', width: 230, render: d => d.threatName ? <Link to={`/devices?threat=${encodeURIComponent(d.threatName)}`} title={`Devices with ${d.threatName}`}>{d.threatName}</Link> : <span className="muted">unnamed</span> },
  { key: 'severity', title: 'Severity', width: 100, render: d => d.severity ? <Badge value={d.severity} tone={SEVERITY_TONES[d.severity.toLowerCase()]} /> : '–' },
  { key: 'action', title: 'Action', width: 110 },
  { key: 'wasRemediated', title: 'Remediated', width: 110, value: d => d.wasRemediated === null ? null : d.wasRemediated ? 'Yes' : 'No',
    render: d => d.wasRemediated === null ? '–' : <Badge value={d.wasRemediated ? 'Yes' : 'No'} tone={d.wasRemediated ? 'good' : 'bad'} /> },
  { key: 'fileName', title: 'File', width: 150 },
  { key: 'folderPath', title: 'Folder', width: 130, render: d => <span className="mono" title={d.folderPath ?? ''}>{d.folderPath ?? ''}</span> },
];

export function Detections({ base }: { base: string }) {
  const r = useApi<{ detections: Detection[] }>(`${base}/detections`);
  return (
    <Guard r={r}>
      {data => (
        <DataTable rows={data.detections} columns={COLUMNS} rowKey={d => `${d.timestamp}|${d.threatName}|${d.folderPath}|${d.fileName}`}
          label="Detections" exportName="picket-device-detections.csv" initialSort={{ key: 'timestamp', desc: true }} height={440}
          empty="No detections on this device." />
      )}
    </Guard>
  );
}
