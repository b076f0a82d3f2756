import type { CoreHandlers } from '../core/handlers';

/**
 * The API contract: handler name -> the implementing function's type. Derived from the core's own
 * handler map so the contract cannot drift from the implementation (Actual Budget's pattern).
 */
export type Handlers = CoreHandlers;

/** Name of an API command or query. */
export type HandlerName = keyof Handlers;

/** The single argument a handler takes. */
export type HandlerArg<K extends HandlerName> = Parameters<Handlers[K]>[0];

/** What a handler resolves to. */
export type HandlerResult<K extends HandlerName> = Awaited<ReturnType<Handlers[K]>>;

export type { CoreEvents, CoreEventName } from './events';
