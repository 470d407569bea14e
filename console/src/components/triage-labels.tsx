/** How severities, statuses and classifications of alerts, incidents and rules read, and their badges. */
import { Badge } from './badge';

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export const SEVERITY_OPTIONS = ['high', 'medium', 'low', 'informational'] as const;
export const STATUS_OPTIONS = ['new', 'in_progress', 'resolved'] as const;
export const CLASSIFICATION_OPTIONS = ['true_positive', 'false_positive', 'informational'] as const;

export const severityLabel = (s: string) => cap(s);
export const statusLabel = (s: string) => s === 'in_progress' ? 'In progress' : s === 'open' ? 'Open (new or in progress)' : cap(s);
export const classificationLabel = (c: string | null) => c === null ? 'Not classified' : c === 'true_positive' ? 'True positive' : c === 'false_positive' ? 'False positive' : cap(c);

/** Severities sort high first. */
export const SEVERITY_RANK: Record<string, number> = { high: 3, medium: 2, low: 1, informational: 0 };

export function SeverityBadge({ value }: { value: string }) { return <Badge value={severityLabel(value)} />; }
export function StatusBadge({ value }: { value: string }) { return <Badge value={statusLabel(value)} />; }
