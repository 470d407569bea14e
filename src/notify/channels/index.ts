/** The channel drivers, by kind. */
import type { ChannelDriver } from '../channel.js';
import type { ChannelKind } from '../model.js';
import { smtpChannel } from './smtp.js';
import { webhookChannel } from './webhook.js';
import { teamsChannel } from './teams.js';
import { slackChannel } from './slack.js';
import { syslogChannel } from './syslog.js';

export const DRIVERS: Record<ChannelKind, ChannelDriver<any>> = {
  email: smtpChannel,
  webhook: webhookChannel,
  teams: teamsChannel,
  slack: slackChannel,
  syslog: syslogChannel,
};
