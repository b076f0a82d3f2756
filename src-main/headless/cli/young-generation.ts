import { setFlagsFromString } from 'node:v8';

/**
 * bin/agent-os.js starts `serve` with V8's young generation held at its first size (semi-spaces of 1 MB):
 * loading the engine leaves mostly long-lived objects, which V8 reads as a reason to grow the young
 * generation 8-fold, and the grown one stays resident at idle (~8 MB, until V8's memory reducer shrinks it
 * some 10 s later). Once the engine runs, V8 sizes it as usual again: held for good, a load of 5,000
 * pings/s cost 3-20 % more CPU per ping (more scavenges, more objects promoted).
 */
export function releaseYoungGeneration(): void {
  setFlagsFromString('--semi-space-growth-factor=2'); // V8's default
}
