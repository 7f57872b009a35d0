import { handler as isComplete } from './is-complete';
import { handler as onEvent } from './on-event';
import { handler as results } from './results-entry';
import type { LambdaContext } from './runtime';
import { handler as signal } from './signal-entry';
import { HANDLER_KIND_ENV, HandlerKind } from '../shared/handler-kind';

/** A Lambda handler of the bundle. */
export type Handler = (event: unknown, context?: LambdaContext) => Promise<unknown>;

/**
 * The handlers of the bundle, by kind. Every Lambda function of the library runs this one
 * bundle (one asset per app) and picks its handler with `CDK_SAGEMAKER_TUNING_HANDLER`.
 * Adding a handler: its kind in src/shared/handler-kind.ts, and one line here.
 */
export const HANDLERS: Record<HandlerKind, Handler> = {
  [HandlerKind.ON_EVENT]: onEvent,
  [HandlerKind.IS_COMPLETE]: isComplete,
  [HandlerKind.SIGNAL]: signal,
  [HandlerKind.RESULTS]: results,
};

/** The handler of `kind` (the value of `CDK_SAGEMAKER_TUNING_HANDLER`); throws for an unknown kind. */
export function handlerFor(kind: string | undefined): Handler {
  if (kind === undefined || !Object.prototype.hasOwnProperty.call(HANDLERS, kind)) {
    throw new Error(`Environment variable ${HANDLER_KIND_ENV} is ${JSON.stringify(kind)}: it must name the handler this function runs, `
      + `one of ${Object.keys(HANDLERS).join(', ')} (set by the cdk-sagemaker-tuning constructs)`);
  }
  return HANDLERS[kind as HandlerKind];
}

/** Entry point of every function of the library: runs the handler its environment names. */
export async function handler(event: unknown, context?: LambdaContext): Promise<unknown> {
  return handlerFor(process.env[HANDLER_KIND_ENV])(event, context);
}
