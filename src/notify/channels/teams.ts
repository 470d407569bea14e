/**
 * Microsoft Teams: an Adaptive Card in the message envelope that Teams incoming webhooks and the Workflows
 * "when a Teams webhook request is received" trigger both accept:
 *   { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }] }
 * The webhook URL carries its own credential, so it is a secret.
 */
import type { ChannelDriver } from '../channel.js';
import { countLine, type AlertNote } from '../format.js';
import type { Delivery } from '../model.js';
import { incomingWebhookChannel } from './http.js';

export interface TeamsConfig { url: string }

const COLOR: Record<string, string> = { high: 'Attention', medium: 'Warning', low: 'Accent', informational: 'Default' };
// keep cards well under Teams' ~28 KB message limit
const MAX_ALERTS = 10;

function alertItems(n: AlertNote): unknown[] {
  return [
    { type: 'TextBlock', text: n.title, weight: 'Bolder', size: 'Medium', wrap: true, color: COLOR[n.severity] ?? 'Default' },
    {
      type: 'FactSet',
      facts: [
        { title: 'Severity', value: n.severityLabel },
        { title: 'Device', value: n.device },
        { title: 'Rule', value: n.rule },
        { title: 'Time', value: n.time },
        ...(n.accountName ? [{ title: 'Account', value: n.accountName }] : []),
      ],
    },
    { type: 'ActionSet', actions: [{ type: 'Action.OpenUrl', title: 'Open the alert', url: n.link }] },
  ];
}

export function teamsMessage(delivery: Delivery, notes: AlertNote[]): unknown {
  const heading = delivery.kind === 'test' ? 'Picket: test notification'
    : notes.length === 1 ? `Picket: ${notes[0].severityLabel.toLowerCase()} severity alert` : `Picket: ${countLine(notes)}`;
  const shown = notes.slice(0, MAX_ALERTS);
  const body: unknown[] = [{ type: 'TextBlock', text: heading, size: 'Small', isSubtle: true, wrap: true }];
  shown.forEach((n, i) => body.push({ type: 'Container', separator: i > 0, items: alertItems(n) }));
  if (notes.length > shown.length) body.push({ type: 'TextBlock', text: `…and ${notes.length - shown.length} more in Picket.`, wrap: true });
  return {
    type: 'message',
    attachments: [{
      contentType: 'application/vnd.microsoft.card.adaptive',
      contentUrl: null,
      content: { $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.4', msteams: { width: 'Full' }, body },
    }],
  };
}

export const teamsChannel: ChannelDriver<TeamsConfig> = incomingWebhookChannel('teams', teamsMessage);
