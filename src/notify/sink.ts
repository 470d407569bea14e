/**
 * The AlertSink the rule engine calls after committing alerts: it stores, in one transaction, what each alert
 * means for the subscriptions (an outbox row, or a digest item) and wakes the worker. It sends nothing itself,
 * so it is quick; it throws only if the store cannot be written.
 */
import type { Alert, AlertSink } from '../alerts/model.js';
import type { Outbox } from './outbox.js';
import { matches, type SubscriptionStore } from './subscriptions.js';
import type { OutboxWorker } from './worker.js';

export function createNotificationSink(parts: { subscriptions: SubscriptionStore; outbox: Outbox; worker: Pick<OutboxWorker, 'wake'> }): AlertSink {
  return {
    async alertsRaised(alerts: Alert[]): Promise<void> {
      if (!alerts.length) return;
      const subscriptions = await parts.subscriptions.active();
      if (!subscriptions.length) return;
      const added = await parts.outbox.enqueue(alerts, subscriptions, matches);
      if (added) parts.worker.wake();
    },
  };
}
