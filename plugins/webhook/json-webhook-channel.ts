import type { AlertMessage, NotificationChannel } from '../../src-main/common/alerts';
import { postJson, safeTarget } from '../shared/post-json';

/** The generic JSON webhook body: the whole message, stable field names. */
export function jsonWebhookPayload(message: AlertMessage): Record<string, unknown> {
  return { source: 'agent-os', ...message };
}

/** A generic JSON webhook channel. */
export function jsonWebhookChannel(id: string, url: string): NotificationChannel {
  return { id, kind: 'json', target: safeTarget(url), send: (message, signal) => postJson(url, jsonWebhookPayload(message), signal, 'Webhook') };
}
