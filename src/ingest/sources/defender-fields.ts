/**
 * The EventData names of Defender events whose template Picket knows, in template order. Get-WinEvent's
 * Properties carry values without names; these let the JSON source give them the names Event XML would.
 * Taken from the order of the Data elements in real Defender Operational events (1116/1117 detections, 5007
 * configuration changes, 1151 health reports); newer platforms append fields, never reorder them.
 */

const DETECTION = [
  'Product Name', 'Product Version', 'Detection ID', 'Detection Time', 'Unused', 'Unused2', 'Threat ID', 'Threat Name',
  'Severity ID', 'Severity Name', 'Category ID', 'Category Name', 'FWLink', 'Status Code', 'Status Description', 'State',
  'Source ID', 'Source Name', 'Process Name', 'Detection User', 'Unused3', 'Path', 'Origin ID', 'Origin Name',
  'Execution ID', 'Execution Name', 'Type ID', 'Type Name', 'Pre Execution Status', 'Action ID', 'Action Name', 'Unused4',
  'Error Code', 'Error Description', 'Unused5', 'Post Clean Status', 'Additional Actions ID', 'Additional Actions String',
  'Remediation User', 'Unused6', 'Security intelligence Version', 'Engine Version',
];

const CONFIG_CHANGE = ['Product Name', 'Product Version', 'Old Value', 'New Value'];

const HEALTH = [
  'Product Name', 'Platform version', 'Unused', 'Engine version', 'NRI engine version', 'AV security intelligence version',
  'AS security intelligence version', 'NRI security intelligence version', 'RTP state', 'OA state', 'IOAV state', 'BM state',
  'Last AV security intelligence age', 'Last AS security intelligence age', 'Last quick scan age', 'Last full scan age',
  'AV security intelligence creation time', 'AS security intelligence creation time', 'Last quick scan start time',
  'Last quick scan end time', 'Last quick scan source', 'Last full scan start time', 'Last full scan end time',
  'Last full scan source', 'Product status',
];

const DEFENDER_PROVIDER = 'microsoft-windows-windows defender';

const TEMPLATES: Record<number, readonly string[]> = {
  1116: DETECTION, 1117: DETECTION, 5007: CONFIG_CHANGE, 1151: HEALTH,
};

/**
 * Names for `count` unnamed values of an event: the template's names when the provider is Defender and the event
 * carries at least the template's fields (extra trailing values, from newer platforms, keep DataN with N their
 * position), else Data1…DataN. A shorter list than the template cannot be placed safely, so it is not named.
 */
export function propertyNames(provider: string, eventId: number, count: number): string[] {
  const template = provider.toLowerCase() === DEFENDER_PROVIDER ? TEMPLATES[eventId] : undefined;
  return Array.from({ length: count }, (_, i) => (template && count >= template.length && i < template.length ? template[i] : `Data${i + 1}`));
}
