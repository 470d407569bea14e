/** How device states read: antivirus mode, on / off / unknown, signature age. */
import { Badge } from '../../components/badge';
import { fmtDays } from '../../format';
import { sigAgeTone } from './model';

export function ModeBadge({ mode }: { mode: string | null | undefined }) {
  return mode ? <Badge value={mode} /> : <Badge value="Unknown" tone="muted" />;
}

export function OnOffBadge({ value }: { value: boolean | null | undefined }) {
  return value === true ? <Badge value="On" /> : value === false ? <Badge value="Off" /> : <Badge value="Unknown" tone="muted" />;
}

export function SigAgeBadge({ days }: { days: number | null | undefined }) {
  return <Badge value={fmtDays(days)} tone={sigAgeTone(days)} />;
}

export const onOffText = (v: boolean | null | undefined) => v === true ? 'On' : v === false ? 'Off' : 'Unknown';
