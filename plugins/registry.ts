// Every plugin Agent OS has, one line each: the core reads these lists and never imports a plugin by name.
// A new notification channel is a folder in plugins/ and a line here.
import type { ChannelPlugin, CostProviderPlugin, ExternalSourcePlugin } from '../src-main/common/plugins';
import { cronSource } from './cron/cron-source';
import { launchdSource } from './launchd/launchd-source';
import { anthropicCostsPlugin } from './anthropic-costs/anthropic-costs';
import { openaiCostsPlugin } from './openai-costs/openai-costs';
import { discordPlugin } from './discord/discord-channel';
import { emailPlugin } from './email/email-channel';
import { ntfyPlugin } from './ntfy/ntfy-channel';
import { pushoverPlugin } from './pushover/pushover-channel';
import { slackPlugin } from './slack/slack-channel';
import { telegramPlugin } from './telegram/telegram-channel';
import { jsonWebhookPlugin } from './webhook/json-webhook-channel';

/** The channel kinds of `notify.webhooks` (the desktop's native notifications come from the shell). */
export const CHANNEL_PLUGINS: ReadonlyArray<ChannelPlugin> = [
  discordPlugin,
  slackPlugin,
  jsonWebhookPlugin,
  ntfyPlugin,
  telegramPlugin,
  emailPlugin,
  pushoverPlugin,
] as ReadonlyArray<ChannelPlugin>;

/** The providers whose spend the built-in `agent-os` project fetches, each with an admin key of its own. */
export const COST_PLUGINS: ReadonlyArray<CostProviderPlugin> = [openaiCostsPlugin, anthropicCostsPlugin];

/** The machine's own schedulers whose jobs Agent OS shows (and claims for manifests), in the order they are listed. */
export const EXTERNAL_SOURCES: ReadonlyArray<ExternalSourcePlugin> = [launchdSource, cronSource];
