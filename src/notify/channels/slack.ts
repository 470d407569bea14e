/**
 * Slack incoming webhook: Block Kit blocks with a plain `text` fallback (used for notifications and by clients
 * that do not render blocks). Slack reads `&`, `<` and `>` as markup in mrkdwn, so alert text is escaped; header
 * text is plain_text and limited to 150 characters; a message has at most 50 blocks.
 */
import type { ChannelDriver } from '../channel.js';
import { countLine, type AlertNote } from '../format.js';
import type { Delivery } from '../model.js';
import { incomingWebhookChannel } from './http.js';

export interface SlackConfig { url: string }

const MAX_ALERTS = 10;

export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function clip(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, max - 1) + '…';
}

function alertBlocks(n: AlertNote): unknown[] {
  const field = (k: string, v: string) => ({ type: 'mrkdwn', text: clip(`*${k}*\n${escapeMrkdwn(v)}`, 2000) });
  return [
    { type: 'header', text: { type: 'plain_text', text: clip(n.title, 150), emoji: false } },
    {
      type: 'section',
      fields: [field('Severity', n.severityLabel), field('Device', n.device), field('Rule', n.rule), field('Time', n.time),
        ...(n.accountName ? [field('Account', n.accountName)] : [])],
    },
    { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open the alert' }, url: n.link }] },
  ];
}

export function slackMessage(delivery: Delivery, notes: AlertNote[]): unknown {
  const fallback = delivery.kind === 'test' ? 'Picket: test notification'
    : notes.length === 1 ? `${notes[0].severityLabel} alert: ${notes[0].title} on ${notes[0].device} (rule ${notes[0].rule}) ${notes[0].link}`
      : `Picket: ${countLine(notes)}`;
  const shown = notes.slice(0, MAX_ALERTS);
  const blocks: unknown[] = [];
  shown.forEach((n, i) => { if (i > 0) blocks.push({ type: 'divider' }); blocks.push(...alertBlocks(n)); });
  if (notes.length > shown.length) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${notes.length - shown.length} more in Picket.` }] });
  return { text: escapeMrkdwn(fallback), blocks };
}

export const slackChannel: ChannelDriver<SlackConfig> = incomingWebhookChannel('slack', slackMessage);
