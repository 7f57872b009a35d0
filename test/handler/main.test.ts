// The one handler bundle: every function runs src/handler/main.lambda.ts, and the
// CDK_SAGEMAKER_TUNING_HANDLER environment variable (set by the constructs) picks the handler.
import { handler as isComplete } from '../../src/handler/is-complete';
import { handler, handlerFor, HANDLERS } from '../../src/handler/main.lambda';
import { handler as onEvent } from '../../src/handler/on-event';
import { HANDLER_KIND_ENV, HandlerKind } from '../../src/shared/handler-kind';

afterEach(() => {
  delete process.env[HANDLER_KIND_ENV];
});

test('every kind has its handler, and nothing else is in the table', () => {
  expect(Object.keys(HANDLERS).sort()).toEqual(Object.values(HandlerKind).sort());
  expect(handlerFor(HandlerKind.ON_EVENT)).toBe(onEvent);
  expect(handlerFor(HandlerKind.IS_COMPLETE)).toBe(isComplete);
});

test.each([undefined, '', 'onevent', 'toString', '__proto__'])('kind %p is refused with the kinds it knows', (kind) => {
  expect(() => handlerFor(kind)).toThrow(/CDK_SAGEMAKER_TUNING_HANDLER is .*one of onEvent, isComplete/);
});

test('the entry point runs the handler its environment names, with the event', async () => {
  // A malformed event reaches the handler's own check: the message names the handler's parse.
  process.env[HANDLER_KIND_ENV] = HandlerKind.IS_COMPLETE;
  await expect(handler({ RequestType: 'Nope' })).rejects.toThrow(/Malformed custom-resource event: "RequestType"/);
  delete process.env[HANDLER_KIND_ENV];
  await expect(handler({ RequestType: 'Create' })).rejects.toThrow(/CDK_SAGEMAKER_TUNING_HANDLER is undefined/);
});
