import type { z } from 'zod';
import type { ProjectMessage } from '../../common/alerts';
import type { Store } from '../db/store';
import type { MessageRelay } from '../messages/message-relay';
import type { ARG_SCHEMAS } from './arg-schemas';

type Arg<K extends keyof typeof ARG_SCHEMAS> = z.input<(typeof ARG_SCHEMAS)[K]>;

/** Messages projects send through Agent OS: send one (CLI `agent-os notify`), list them (the dashboard). */
export function createMessageHandlers(deps: { store: Store; messages: MessageRelay }) {
  return {
    /** Stores a message for the project's channels; it goes out with the next gathered batch (within seconds). */
    'messages.send': (arg: Arg<'messages.send'>): { id: number | null } => {
      const { project, ...message } = arg;
      return deps.messages.receive(project, message, 'cli');
    },
    'messages.list': (arg?: Arg<'messages.list'>): ProjectMessage[] => deps.store.messages.list(arg?.limit ?? 200, arg?.project),
  };
}
