/// <reference path="../../node_modules/aws-cdk-lib/custom-resources/lib/provider-framework/types.d.ts" />
/**
 * The provider framework's event and response types. `aws-cdk-lib/custom-resources` ships
 * them as the ambient namespace `AWSCDKAsyncCustomResource`
 * (`custom-resources/lib/provider-framework/types.d.ts`), outside the package's exports, so
 * they are referenced by path. Types only: nothing of this module reaches the bundle.
 */

/** The event passed to an `onEvent` handler. */
export type OnEventRequest = AWSCDKAsyncCustomResource.OnEventRequest;
/** What an `onEvent` handler returns. */
export type OnEventResponse = AWSCDKAsyncCustomResource.OnEventResponse;
/** The event passed to an `isComplete` handler: the `onEvent` event and what `onEvent` returned. */
export type IsCompleteRequest = AWSCDKAsyncCustomResource.IsCompleteRequest;
/** What an `isComplete` handler returns. */
export type IsCompleteResponse = AWSCDKAsyncCustomResource.IsCompleteResponse;
/**
 * What this library's `onEvent` handlers return: the framework's response, always with the
 * physical id (the framework asks every event type to return it; here it is the job name).
 */
export type OnEventResponseWithId = OnEventResponse & { readonly PhysicalResourceId: string };
