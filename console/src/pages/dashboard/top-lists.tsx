/** The threats detected most and the devices with most detections, each number a link to its devices. */
import { Card } from '../../components/page';
import { Link } from '../../router';
import { fmtNumber } from '../../format';
import { deviceUrl, devicesWhere, type FleetSummary } from './model';

export function TopThreats({ s }: { s: FleetSummary }) {
  return (
    <Card title="Top threats">
      {s.topThreats.length === 0 ? <p className="muted">No threats detected in the last 30 days.</p> : (
        <table className="simple-table">
          <thead><tr><th scope="col">Threat</th><th scope="col" className="num">Detections</th><th scope="col" className="num">Devices</th></tr></thead>
          <tbody>
            {s.topThreats.map(t => {
              const to = devicesWhere({ threat: t.threat });
              return (
                <tr key={t.threat}>
                  <td className="ellipsis"><Link to={to} title={t.threat}>{t.threat}</Link></td>
                  <td className="num"><Link to={to} aria-label={`${fmtNumber(t.detections)} detections of ${t.threat}`}>{fmtNumber(t.detections)}</Link></td>
                  <td className="num"><Link to={to} aria-label={`${fmtNumber(t.devices)} devices with ${t.threat}`}>{fmtNumber(t.devices)}</Link></td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </Card>
  );
}

export function TopDevices({ s }: { s: FleetSummary }) {
  return (
    <Card title="Devices with most detections">
      {s.topDevices.length === 0 ? <p className="muted">No device had a detection in the last 30 days.</p> : (
        <table className="simple-table">
          <thead><tr><th scope="col">Device</th><th scope="col" className="num">Detections</th></tr></thead>
          <tbody>
            {s.topDevices.map(d => (
              <tr key={d.deviceId}>
                <td className="ellipsis"><Link to={deviceUrl(d.deviceId)} title={d.deviceName}>{d.deviceName || d.deviceId}</Link></td>
                <td className="num"><Link to={deviceUrl(d.deviceId, 'detections')} aria-label={`${fmtNumber(d.detections)} detections on ${d.deviceName}`}>{fmtNumber(d.detections)}</Link></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
