// The CLI's engine bundle (dist/headless/cli-engine.mjs): everything a command needs when no engine runs
// for this home, or that is the engine itself (serve, run workers). The client entry (../main.ts) imports
// it only then, so a command answered by a running serve loads none of it.
export { executeQueued, withLocalEngine } from './local-backend';
export { remoteBackend } from './remote-backend';
export { serve } from './serve';
