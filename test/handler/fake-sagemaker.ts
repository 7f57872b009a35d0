/**
 * A small in-memory SageMaker behind aws-sdk-client-mock: tuning jobs with status, tags and
 * creation time, and faults injected per call (throttling, access denied, a lost response:
 * the call takes effect but its answer never arrives).
 */
import {
  AddTagsCommand,
  CreateHyperParameterTuningJobCommand,
  DeleteTagsCommand,
  DescribeHyperParameterTuningJobCommand,
  ListTagsCommand,
  ResourceInUse,
  ResourceLimitExceeded,
  ResourceNotFound,
  SageMakerClient,
  SageMakerServiceException,
  StopHyperParameterTuningJobCommand,
} from '@aws-sdk/client-sagemaker';
import { AwsClientStub } from 'aws-sdk-client-mock';
import { ACCOUNT_ARN, describeResponse } from './fixtures';

export type Operation = 'Create' | 'Describe' | 'ListTags' | 'Stop' | 'AddTags' | 'DeleteTags';

/**
 * A fault for one call: `throttle` (ThrottlingException after the SDK's retries), `server`
 * (InternalFailure, 500), `denied` (AccessDeniedException), `quota` (ResourceLimitExceeded),
 * `timeout` (no answer: a
 * TimeoutError, nothing happened), `lost` (the call takes effect, then a TimeoutError).
 */
export type Fault = 'throttle' | 'server' | 'denied' | 'quota' | 'timeout' | 'lost' | undefined;

export interface FakeJob {
  name: string;
  arn: string;
  status: string;
  tags: Record<string, string>;
  created: Date;
  failureReason?: string;
  /** The best training job's tuned hyperparameters (as SageMaker reports them: categorical values quoted). */
  best?: Record<string, string>;
}

export function serviceError(name: string, message: string, fault: 'client' | 'server' = 'client'): SageMakerServiceException {
  return new SageMakerServiceException({ name, message, $fault: fault, $metadata: { httpStatusCode: fault === 'server' ? 500 : 400 } });
}

function faultError(fault: Exclude<Fault, undefined>, op: Operation): Error {
  switch (fault) {
    case 'throttle': return serviceError('ThrottlingException', 'Rate exceeded');
    case 'server': return serviceError('InternalFailure', 'We encountered an internal error. Please try again.', 'server');
    case 'denied': return serviceError('AccessDeniedException', `not authorized to perform sagemaker:${op}`);
    case 'quota': return new ResourceLimitExceeded({ message: 'The account-level service limit of 100 concurrent tuning jobs was reached', $metadata: {} });
    default: {
      const e = new Error(`${op}: socket timed out`);
      e.name = 'TimeoutError';
      return e;
    }
  }
}

export class FakeSageMaker {
  public readonly jobs = new Map<string, FakeJob>();
  /** Every call, in order: `<operation> <job or ARN>`. */
  public readonly calls: string[] = [];
  private readonly faults: Partial<Record<Operation, Fault[]>> = {};
  private readonly always: Partial<Record<Operation, Fault>> = {};
  /** ListTags answers with a fresh NextToken forever (a misbehaving endpoint). */
  public endlessTagPages = false;

  constructor(sm: AwsClientStub<SageMakerClient>) {
    sm.on(CreateHyperParameterTuningJobCommand).callsFake(input => this.run('Create', input.HyperParameterTuningJobName, () => this.create(input)));
    sm.on(DescribeHyperParameterTuningJobCommand).callsFake(input => this.run('Describe', input.HyperParameterTuningJobName, () => this.describe(input.HyperParameterTuningJobName)));
    sm.on(ListTagsCommand).callsFake(input => this.run('ListTags', input.ResourceArn, () => this.listTags(input.ResourceArn, input.NextToken)));
    sm.on(StopHyperParameterTuningJobCommand).callsFake(input => this.run('Stop', input.HyperParameterTuningJobName, () => this.stop(input.HyperParameterTuningJobName)));
    sm.on(AddTagsCommand).callsFake(input => this.run('AddTags', input.ResourceArn, () => {
      const job = this.byArn(input.ResourceArn);
      for (const t of input.Tags ?? []) {
        job.tags[t.Key] = t.Value ?? '';
      }
      return { Tags: input.Tags };
    }));
    sm.on(DeleteTagsCommand).callsFake(input => this.run('DeleteTags', input.ResourceArn, () => {
      const job = this.byArn(input.ResourceArn);
      for (const k of input.TagKeys ?? []) {
        delete job.tags[k];
      }
      return {};
    }));
  }

  /** The next calls of `op` meet these faults, one per call (`undefined`: no fault). */
  public fail(op: Operation, ...faults: Fault[]): this {
    (this.faults[op] ??= []).push(...faults);
    return this;
  }

  /** Every call of `op` meets `fault` (until `heal`). */
  public failAlways(op: Operation, fault: Fault): this {
    this.always[op] = fault;
    return this;
  }

  public heal(op: Operation): this {
    delete this.always[op];
    return this;
  }

  /** Add an existing job. */
  public addJob(name: string, status: string, tags: Record<string, string>, created = new Date()): FakeJob {
    const job: FakeJob = { name, arn: `${ACCOUNT_ARN}/${name.toLowerCase()}`, status, tags: { ...tags }, created };
    this.jobs.set(name.toLowerCase(), job);
    return job;
  }

  public job(name: string): FakeJob | undefined {
    return this.jobs.get(name.toLowerCase());
  }

  public count(op: Operation): number {
    return this.calls.filter(c => c.startsWith(`${op} `)).length;
  }

  private run<T>(op: Operation, target: string | undefined, action: () => T): T {
    this.calls.push(`${op} ${target}`);
    const fault = this.faults[op]?.length ? this.faults[op]!.shift() : this.always[op];
    if (fault && fault !== 'lost') {
      throw faultError(fault, op);
    }
    const out = action();
    if (fault === 'lost') {
      throw faultError(fault, op);
    }
    return out;
  }

  private create(input: { HyperParameterTuningJobName?: string; Tags?: { Key?: string; Value?: string }[] }) {
    const name = input.HyperParameterTuningJobName!;
    if (this.job(name)) {
      throw new ResourceInUse({ message: `Resource Already Exists: HyperParameterTuningJob with name ${name} already exists. Choose a different name.`, $metadata: {} });
    }
    const tags: Record<string, string> = {};
    for (const t of input.Tags ?? []) {
      tags[t.Key!] = t.Value ?? '';
    }
    const job = this.addJob(name, 'InProgress', tags);
    return { HyperParameterTuningJobArn: job.arn };
  }

  private describe(name: string | undefined) {
    const job = this.job(name ?? '');
    if (!job) {
      throw new ResourceNotFound({ message: `Amazon SageMaker can't find a tuning job with name ${name}`, $metadata: {} });
    }
    return describeResponse(job.name, job.status, {
      HyperParameterTuningJobArn: job.arn,
      CreationTime: job.created,
      FailureReason: job.failureReason,
      BestTrainingJob: job.best ? {
        TrainingJobName: `${job.name}-001-1a2b3c4d`, TrainingJobArn: `${job.arn}-001`, CreationTime: job.created, TrainingJobStatus: 'Completed', TunedHyperParameters: job.best,
      } : undefined,
    });
  }

  private byArn(arn: string | undefined): FakeJob {
    const job = [...this.jobs.values()].find(j => j.arn === arn);
    if (!job) {
      throw serviceError('ValidationException', `Resource ${arn} does not exist`);
    }
    return job;
  }

  private listTags(arn: string | undefined, token: string | undefined) {
    const job = this.byArn(arn);
    if (this.endlessTagPages) {
      return { Tags: [], NextToken: `page-${Number((token ?? 'page-0').slice(5)) + 1}` };
    }
    return { Tags: Object.entries(job.tags).map(([Key, Value]) => ({ Key, Value })) };
  }

  private stop(name: string | undefined) {
    const job = this.job(name ?? '');
    if (!job) {
      throw new ResourceNotFound({ message: `can't find ${name}`, $metadata: {} });
    }
    if (job.status !== 'InProgress') {
      throw serviceError('ValidationException', `The hyperparameter tuning job ${name} has already ${job.status.toLowerCase()}.`);
    }
    job.status = 'Stopping';
    return {};
  }
}
