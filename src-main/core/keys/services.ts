import type { ServiceVariables } from './keys-types';

/** The label for variables no known service claims. */
export const OTHER_SERVICE = 'other';

// First match wins, so the more specific prefixes come before broader ones.
const KNOWN_SERVICES: ReadonlyArray<[string, RegExp]> = [
  ['OpenAI', /^OPENAI_/],
  ['Anthropic', /^(ANTHROPIC_|CLAUDE_)/],
  ['Google / Gemini', /^(GOOGLE_|GEMINI_|GCP_|GCLOUD_)/],
  ['Mistral', /^MISTRAL_/],
  ['Groq', /^GROQ_/],
  ['Hugging Face', /^(HF_|HUGGINGFACE_|HUGGING_FACE_)/],
  ['AWS', /^AWS_/],
  ['Azure', /^AZURE_/],
  ['Stripe', /^STRIPE_/],
  ['Postgres / database', /^(DATABASE_URL$|DB_|POSTGRES_|PG(HOST|PORT|USER|PASSWORD|DATABASE)$)/],
  ['Redis', /^REDIS_/],
  ['Supabase', /^SUPABASE_/],
  ['Slack', /^SLACK_/],
  ['Discord', /^DISCORD_/],
  ['Telegram', /^TELEGRAM_/],
  ['GitHub', /^(GITHUB_|GH_)/],
  ['Twilio', /^TWILIO_/],
  ['SendGrid', /^SENDGRID_/],
  ['Sentry', /^SENTRY_/],
  ['Notion', /^NOTION_/],
];

/** The service a variable name belongs to, or "other". */
export function serviceOf(name: string): string {
  return KNOWN_SERVICES.find(([, pattern]) => pattern.test(name))?.[0] ?? OTHER_SERVICE;
}

/** Variable names grouped by service, services in the map's order, "other" last, names sorted. */
export function groupByService(names: Iterable<string>): ServiceVariables[] {
  const groups = new Map<string, Set<string>>();
  for (const name of names) {
    const service = serviceOf(name);
    groups.set(service, (groups.get(service) ?? new Set()).add(name));
  }
  const order = [...KNOWN_SERVICES.map(([label]) => label), OTHER_SERVICE];
  return order.filter((service) => groups.has(service)).map((service) => ({ service, variables: [...(groups.get(service) ?? [])].sort() }));
}
