import { EventEmitter } from 'node:events';
import type { CoreEventName, CoreEvents } from '../common/events';

/** A typed event emitter for the core's events; a throwing listener never breaks the engine. */
export class EventBus {
  private readonly emitter = new EventEmitter();

  constructor(private readonly onListenerError: (error: unknown) => void = () => undefined) {
    this.emitter.setMaxListeners(0);
  }

  on<K extends CoreEventName>(name: K, listener: (payload: CoreEvents[K]) => void): () => void {
    const wrapped = (payload: CoreEvents[K]): void => {
      try {
        listener(payload);
      } catch (error) {
        this.onListenerError(error);
      }
    };
    this.emitter.on(name, wrapped);
    return () => this.emitter.off(name, wrapped);
  }

  emit<K extends CoreEventName>(name: K, payload: CoreEvents[K]): void {
    this.emitter.emit(name, payload);
  }
}
