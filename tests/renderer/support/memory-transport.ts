// The edge of the renderer: an in-memory Transport answering the API's own shapes (common/api.ts) and letting
// a test push core events, the way SSE or IPC would. Everything above it (ApiClient, store, views) is real.
import { act } from '@testing-library/react';
import type { HandlerArg, HandlerName, HandlerResult } from '../../../src-main/common/api';
import { ApiError, type AnyEvent, type Transport } from '../../../src-renderer/client/transport';

/** How the fake core answers one handler: a value, or a function of the argument (may throw or be async). */
export type Answer<K extends HandlerName> = (arg: HandlerArg<K>) => HandlerResult<K> | Promise<HandlerResult<K>>;

/** The handlers a test needs; calling any other one fails like an unknown API name does. */
export type Answers = { [K in HandlerName]?: Answer<K> };

/** One call the renderer made. */
export interface Call {
  name: string;
  arg: unknown;
}

/** A promise the test settles by hand, to hold an API call in flight. */
export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: Error): void;
}

export function deferred<T>(): Deferred<T> {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export class MemoryTransport implements Transport {
  readonly calls: Call[] = [];
  private readonly listeners = new Set<(event: AnyEvent) => void>();
  private readonly links = new Set<(connected: boolean) => void>();

  constructor(private readonly answers: Answers) {}

  /** Replaces (or adds) the answer of one handler. */
  answer<K extends HandlerName>(name: K, answer: Answer<K>): void {
    (this.answers as Record<string, unknown>)[name] = answer;
  }

  async invoke(name: string, arg: unknown): Promise<unknown> {
    this.calls.push({ name, arg });
    const answer = (this.answers as Record<string, ((arg: unknown) => unknown) | undefined>)[name];
    // The HTTP host answers an unknown name with 404 and a one-line error; so does this.
    if (!answer) throw new ApiError(`unknown API "${name}"`, 404);
    // Answer on a later microtask, as any real transport does.
    await Promise.resolve();
    return answer(arg);
  }

  subscribe(onEvent: (event: AnyEvent) => void, onLink: (connected: boolean) => void): () => void {
    this.listeners.add(onEvent);
    this.links.add(onLink);
    onLink(true);
    return () => {
      this.listeners.delete(onEvent);
      this.links.delete(onLink);
    };
  }

  /** The event stream drops (false) or comes back (true), as EventSource's onerror / onopen report. */
  setLink(connected: boolean): void {
    act(() => {
      for (const link of this.links) link(connected);
    });
  }

  /** Delivers one core event to every subscriber, inside act() so React renders what it changed. */
  push(event: AnyEvent): void {
    act(() => {
      for (const listener of this.listeners) listener(event);
    });
  }

  /** The arguments of every call to one handler, in order. */
  callsOf<K extends HandlerName>(name: K): Array<HandlerArg<K>> {
    return this.calls.filter((c) => c.name === name).map((c) => c.arg as HandlerArg<K>);
  }
}

/** What the HTTP transport throws for a 4xx answer: the core's one-sentence error. */
export function apiError(message: string, status = 400): ApiError {
  return new ApiError(message, status);
}
