import { z } from 'zod';

/** `name`: what a manifest's `notify: [name, …]` routes to. */
export const CHANNEL_NAME = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, { message: 'expected a channel name of letters, digits, "_", "-" or "." such as "phone"' })
  .optional();

/** The name of an environment variable that holds a secret (the secret itself never goes in config.yml). */
export const ENV_NAME = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { message: 'expected the NAME of an environment variable (such as TELEGRAM_BOT_TOKEN), not its value' });

/** An http(s) URL. */
export const HTTP_URL = z.string().refine(
  (v) => {
    try {
      return ['http:', 'https:'].includes(new URL(v).protocol);
    } catch {
      return false;
    }
  },
  { message: 'expected an http(s) URL' },
);
