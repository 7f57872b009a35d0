// eslint-disable-next-line import/no-extraneous-dependencies
import type {
  CreateHyperParameterTuningJobCommandInput,
  DescribeHyperParameterTuningJobResponse,
} from '@aws-sdk/client-sagemaker';
import type { NamedCreateRequest, RequestView } from '../../src/handler/request';
import { createTuningJobCommand, Loosened } from '../../src/handler/sagemaker';
import type { WireCreateRequest, WireTrainingJobDefinition } from '../../src/shared/wire';

/*
 * Type-level proof that the wire request (src/shared/wire.ts, what the constructs render and
 * the handler sends) is the SDK's CreateHyperParameterTuningJob input: assignable to it up to
 * the SDK's enum unions (`Loosened`), and without a key the SDK does not know (a misspelled or
 * invented field would be sent to SageMaker and rejected there, at deploy time). The checks run
 * when this file is compiled (`tsc -p test/tsconfig.json`, and ts-jest).
 */

/** `true` when `A` is assignable to `B`. */
type Assignable<A, B> = [A] extends [B] ? true : false;

/** The dotted paths of keys of `W` that `S` does not have, at every level ('' paths: none). */
type ExtraKeys<W, S, P extends string = ''> =
  W extends readonly (infer E)[]
    ? ExtraKeys<E, NonNullable<S> extends readonly (infer F)[] ? F : never, `${P}[]`>
    : W extends object
      ? { [K in keyof W & string]-?: K extends keyof NonNullable<S>
        ? ExtraKeys<NonNullable<W[K]>, NonNullable<NonNullable<S>[K]>, `${P}.${K}`>
        : `${P}.${K}` }[keyof W & string]
      : never;

/** Compiles only when `T` is exactly `true`. */
function expectTrue<T extends true>(_proof?: T): void {}
/** Compiles only when `T` is `never` (its error names what is not). */
function expectNever<T extends never>(_proof?: T): void {}

type SdkCreateInput = CreateHyperParameterTuningJobCommandInput;

describe('the wire request is the SDK\'s CreateHyperParameterTuningJob input', () => {
  test('the named wire request is assignable to the SDK input (enums widened to string)', () => {
    expectTrue<Assignable<NamedCreateRequest, Loosened<SdkCreateInput>>>();
    // The name is what the handler adds: without it, the request is not an SDK input.
    expectTrue<Assignable<WireCreateRequest, Loosened<SdkCreateInput>> extends false ? true : false>();
  });

  test('the wire request has no key the SDK input lacks, at any level', () => {
    expectNever<ExtraKeys<NamedCreateRequest, SdkCreateInput>>();
  });

  test('the checks catch a misspelled or mistyped field', () => {
    type Misspelled = NamedCreateRequest & { TrainingJobDefinition: WireTrainingJobDefinition & { EnableNetworkIsolaton: boolean } };
    expectTrue<ExtraKeys<Misspelled, SdkCreateInput> extends '.TrainingJobDefinition.EnableNetworkIsolaton' ? true : false>();
    type Mistyped = Omit<NamedCreateRequest, 'HyperParameterTuningJobConfig'>
    & { HyperParameterTuningJobConfig: Omit<WireCreateRequest['HyperParameterTuningJobConfig'], 'RandomSeed'> & { RandomSeed: string } };
    expectTrue<Assignable<Mistyped, Loosened<SdkCreateInput>> extends false ? true : false>();
  });

  test('what the handler reads of a request, it reads of a job\'s description too', () => {
    // status.ts reads the definitions and limits from the request or from SageMaker's description.
    expectTrue<Assignable<WireCreateRequest, RequestView>>();
    expectTrue<Assignable<DescribeHyperParameterTuningJobResponse, RequestView>>();
  });

  test('the command carries the request as is', () => {
    const request = {
      HyperParameterTuningJobName: 'job-1',
      HyperParameterTuningJobConfig: { Strategy: 'Bayesian', ResourceLimits: { MaxParallelTrainingJobs: 2, MaxNumberOfTrainingJobs: 4 } },
      TrainingJobDefinition: {
        AlgorithmSpecification: { TrainingImage: 'img', TrainingInputMode: 'File' },
        RoleArn: 'arn:aws:iam::123456789012:role/r',
        OutputDataConfig: { S3OutputPath: 's3://b/o' },
        StoppingCondition: { MaxRuntimeInSeconds: 3600 },
      },
    } satisfies NamedCreateRequest;
    expect(createTuningJobCommand(request).input).toEqual(request);
  });
});
