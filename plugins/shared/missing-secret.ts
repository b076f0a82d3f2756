import { ChannelError } from './post-json';

/** The secret a channel needs, or a readable error naming the variable to set. */
export function requireSecret(value: string | undefined, envName: string, label: string): string {
  if (value) return value;
  throw new ChannelError(`${label}: ${envName} is not set; export it where Agent OS starts (or store it in the desktop keychain)`);
}
