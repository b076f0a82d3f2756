// Discord and Slack receive their documented webhook shapes, built from the redacted log tail: checked on
// the raw bodies a real listener received, never on the builder functions alone.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Core } from '../../src-main/core';
import { useAlertBed } from '../helpers/alert-bed';
import { runTask } from '../helpers/core';
import { writeConfig } from '../helpers/fixtures';
import { jsonBody, notifyConfig, writeToggleProject, type Listener, type ReceivedRequest } from '../helpers/listener';

// https://discord.com/developers/docs/resources/webhook#execute-webhook and .../message#embed-object-embed-limits
const discordEmbed = z.object({
  title: z.string().min(1).max(256),
  description: z.string().max(4096),
  color: z.number().int().min(0).max(0xffffff),
  url: z.string().url().optional(),
  timestamp: z.string().datetime({ offset: true }),
  fields: z.array(z.object({ name: z.string().min(1).max(256), value: z.string().min(1).max(1024), inline: z.boolean().optional() })).max(25),
});
const discordBody = z.object({
  content: z.string().min(1).max(2000),
  username: z.string().max(80).optional(),
  allowed_mentions: z.object({ parse: z.array(z.enum(['roles', 'users', 'everyone'])) }).optional(),
  embeds: z.array(discordEmbed).min(1).max(10),
});

// https://api.slack.com/messaging/webhooks, https://api.slack.com/reference/block-kit/blocks
const mrkdwn = (max: number) => z.object({ type: z.literal('mrkdwn'), text: z.string().min(1).max(max) });
const slackSection = z.union([
  z.object({ type: z.literal('section'), text: mrkdwn(3000), fields: z.undefined().optional() }),
  z.object({ type: z.literal('section'), fields: z.array(mrkdwn(2000)).min(1).max(10), text: z.undefined().optional() }),
]);
const slackContext = z.object({ type: z.literal('context'), elements: z.array(mrkdwn(3000)).min(1).max(10) });
const slackBody = z.object({
  text: z.string().min(1),
  blocks: z
    .array(z.union([slackSection, slackContext]))
    .min(1)
    .max(50),
});

const OPENAI_KEY = 'sk-proj-Q7vX2mLp9RtY4wKz8NcB3hJd6FsA1eGu5iOo0Ty';
const DB_PASSWORD = 'Hunter2-correct-horse-9Zq';
// Fills the log well past the tail a message carries, then ends with the lines a person needs to see.
const NOISY_FAILURE = [
  'for i in $(seq 1 60); do echo "row $i: $(printf "%0.sx" $(seq 1 150))"; done',
  'echo "connecting to the warehouse with key $OPENAI_API_KEY"',
  'echo "db password is $DB_PASSWORD"',
  'echo "payment export aborted after 3 tries"',
  'echo "fatal: authentication failed for $DB_PASSWORD" >&2',
  'exit 4',
].join('; ');

const bed = useAlertBed();
const { listen } = bed;
let core: Core | null = null;

/** Runs the failing task of a `billing` project with the three webhook channels; returns each listener's first body. */
async function failAndReceive(script: string): Promise<{ discord: ReceivedRequest; slack: ReceivedRequest; json: ReceivedRequest }> {
  const [discord, slack, json] = [await listen(), await listen(), await listen()];
  const project = writeToggleProject(bed.box.root, 'billing', { script, env: { OPENAI_API_KEY: OPENAI_KEY, DB_PASSWORD } });
  const hooks = [
    { kind: 'discord' as const, url: discord.url('/api/webhooks/123/discordtoken') },
    { kind: 'slack' as const, url: slack.url('/services/T000/B000/slacktoken') },
    { kind: 'json' as const, url: json.url('/hooks/jsontoken') },
  ];
  writeConfig(bed.box.home, [project.dir], notifyConfig(hooks, { dashboard_url: 'http://127.0.0.1:7317' }));
  core = await bed.engine();
  expect((await runTask(core, project.task)).run.status).toBe('failed');
  const first = async (l: Listener): Promise<ReceivedRequest> => {
    const [r] = await l.waitForRequests(1, 'the failure notice');
    if (!r) throw new Error('a channel received nothing');
    return r;
  };
  const [d, s, j] = await Promise.all([first(discord), first(slack), first(json)]);
  return { discord: d, slack: s, json: j };
}

describe('webhook payloads', () => {
  it('posts Discord and Slack bodies of their documented shapes with the project, the task and the last log lines', async () => {
    const got = await failAndReceive(NOISY_FAILURE);
    for (const r of [got.discord, got.slack, got.json]) {
      expect(r.method).toBe('POST');
      expect(r.headers['content-type']).toMatch(/^application\/json/);
    }

    const discord = discordBody.parse(got.discord.json);
    const embed = discord.embeds[0];
    expect(discord.content).toContain('billing/nightly');
    expect(embed?.fields.map((f) => f.value)).toEqual(expect.arrayContaining(['billing', 'billing/nightly']));
    expect(embed?.description).toContain('payment export aborted after 3 tries');
    expect(embed?.description).toContain('fatal: authentication failed for');
    expect(embed?.description).not.toContain('row 1:');
    expect(embed?.url).toMatch(/^http:\/\/127\.0\.0\.1:7317\//);
    // The embed's total text stays under Discord's 6000-character limit.
    const embedText = [embed?.title, embed?.description, ...(embed?.fields ?? []).flatMap((f) => [f.name, f.value])].join('');
    expect(embedText.length).toBeLessThanOrEqual(6000);

    const slack = slackBody.parse(got.slack.json);
    const slackText = JSON.stringify(slack.blocks);
    expect(slack.text).toContain('billing/nightly');
    expect(slackText).toContain('billing');
    expect(slackText).toContain('payment export aborted after 3 tries');
    expect(slackText).toContain('fatal: authentication failed for');
    expect(slackText).toContain('http://127.0.0.1:7317/');

    const json = jsonBody(got.json);
    expect(json.project).toBe('billing');
    expect(json.task).toBe('billing/nightly');
    expect(json.log_tail.trimEnd().split('\n').slice(-2)).toEqual(['payment export aborted after 3 tries', 'fatal: authentication failed for [REDACTED]']);
  });

  it('never carries a secret from the project .env in any body, only the redacted log', async () => {
    const got = await failAndReceive(NOISY_FAILURE);
    for (const r of [got.discord, got.slack, got.json]) {
      for (const secret of [OPENAI_KEY, DB_PASSWORD, OPENAI_KEY.slice(9, 29), DB_PASSWORD.slice(0, 12)]) expect(r.raw).not.toContain(secret);
      expect(r.raw).toContain('[REDACTED]');
    }
    expect(jsonBody(got.json).log_tail).toContain('db password is [REDACTED]');
    const alerts = core?.handlers['alerts.list']() ?? [];
    expect(alerts.length).toBeGreaterThan(0);
    expect(JSON.stringify(alerts)).not.toContain(DB_PASSWORD);
  });

  it('keeps task output from pinging people: Slack text escapes <, > and &, Discord allows no mentions', async () => {
    const got = await failAndReceive('echo "deploy <!channel> & <@U024BE7LH> > now"; echo "@everyone the job broke <!here>" >&2; exit 1');
    const slack = slackBody.parse(got.slack.json);
    const texts = slack.blocks.flatMap((b) => (b.type === 'context' ? b.elements : (b.fields ?? [b.text]))).map((t) => t?.text ?? '');
    for (const text of [slack.text, ...texts]) {
      expect(text).not.toMatch(/<!channel>|<!here>|<@U024BE7LH>/);
    }
    expect(texts.join('\n')).toContain('&lt;!channel&gt; &amp;');
    const discord = discordBody.parse(got.discord.json);
    expect(discord.allowed_mentions?.parse).toEqual([]);
  });
});
