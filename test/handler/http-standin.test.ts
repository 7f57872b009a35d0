/**
 * The Lambda entry points (on-event.lambda / is-complete.lambda, the real SageMakerClient
 * they build) against a stand-in for SageMaker on 127.0.0.1: timeouts and lost responses
 * happen on real sockets, and every handler must answer before its Lambda would be killed
 * (the remaining time comes from the Lambda context, as in Lambda).
 */
import * as http from 'http';
import { AddressInfo } from 'net';
import { createEvent, deleteEvent, lambdaContext, props } from './fixtures';
import { handler as isComplete } from '../../src/handler/is-complete';
import { handler as onEvent } from '../../src/handler/on-event';
import { CREATE_REQUEST_TAG } from '../../src/shared/contract';

/** What the stand-in does with one call: answer, never answer (`hang`), or act and never answer (`lost`). */
type Behaviour = 'answer' | 'hang' | 'lost';

interface StandInJob {
  name: string;
  status: string;
  tags: { Key: string; Value: string }[];
  created: number;
}

class StandIn {
  public readonly jobs = new Map<string, StandInJob>();
  public readonly calls: string[] = [];
  /** Behaviour per operation, one per call (then `answer`). */
  public readonly script: Record<string, Behaviour[]> = {};
  private readonly server: http.Server;
  private readonly held: http.ServerResponse[] = [];

  constructor() {
    this.server = http.createServer((req, res) => {
      let body = '';
      req.on('data', chunk => { body += chunk; });
      req.on('end', () => this.handle(String(req.headers['x-amz-target'] ?? '').replace('SageMaker.', ''), body ? JSON.parse(body) : {}, res));
    });
  }

  public async start(): Promise<string> {
    await new Promise<void>(resolve => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  public async stop(): Promise<void> {
    this.held.forEach(r => r.destroy());
    this.server.closeAllConnections();
    await new Promise<void>(resolve => this.server.close(() => resolve()));
  }

  private handle(op: string, input: Record<string, any>, res: http.ServerResponse): void {
    this.calls.push(op);
    const behaviour = this.script[op]?.shift() ?? 'answer';
    if (behaviour === 'hang') {
      this.held.push(res);
      return;
    }
    const [status, out] = this.act(op, input);
    if (behaviour === 'lost') {
      this.held.push(res);
      return;
    }
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
    res.end(JSON.stringify(out));
  }

  private act(op: string, input: Record<string, any>): [number, unknown] {
    const name = String(input.HyperParameterTuningJobName ?? input.ResourceArn?.split('/').pop() ?? '').toLowerCase();
    const job = this.jobs.get(name);
    const arn = `arn:aws:sagemaker:us-east-1:123456789012:hyper-parameter-tuning-job/${name}`;
    const notFound: [number, unknown] = [400, { __type: 'ResourceNotFound', message: `Amazon SageMaker can't find a tuning job with name ${name}` }];
    switch (op) {
      case 'CreateHyperParameterTuningJob':
        if (job) {
          return [400, { __type: 'ResourceInUse', message: `Resource Already Exists: HyperParameterTuningJob with name ${name} already exists.` }];
        }
        this.jobs.set(name, { name, status: 'InProgress', tags: input.Tags ?? [], created: Date.now() / 1000 });
        return [200, { HyperParameterTuningJobArn: arn }];
      case 'DescribeHyperParameterTuningJob':
        return job ? [200, {
          HyperParameterTuningJobName: job.name,
          HyperParameterTuningJobArn: arn,
          HyperParameterTuningJobStatus: job.status,
          CreationTime: job.created,
          HyperParameterTuningJobConfig: { Strategy: 'Bayesian', ResourceLimits: { MaxNumberOfTrainingJobs: 20, MaxParallelTrainingJobs: 4 } },
          TrainingJobStatusCounters: { Completed: 1, InProgress: 2, RetryableError: 0, NonRetryableError: 0, Stopped: 0 },
          ObjectiveStatusCounters: { Succeeded: 1, Pending: 2, Failed: 0 },
        }] : notFound;
      case 'ListTags':
        return job ? [200, { Tags: job.tags }] : notFound;
      case 'StopHyperParameterTuningJob':
        if (!job) {
          return notFound;
        }
        job.status = 'Stopping';
        return [200, {}];
      default:
        return [400, { __type: 'ValidationException', message: `stand-in does not know ${op}` }];
    }
  }
}

let standIn: StandIn;
const saved = { ...process.env };

beforeEach(async () => {
  standIn = new StandIn();
  const endpoint = await standIn.start();
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SAGEMAKER: endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'secret',
  });
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

afterEach(async () => {
  await standIn.stop();
  process.env = { ...saved };
  jest.restoreAllMocks();
});

async function timed<T>(p: Promise<T>): Promise<{ value: T; ms: number }> {
  const start = Date.now();
  const value = await p;
  return { value, ms: Date.now() - start };
}

test('isComplete: a Describe that never answers is "not complete yet", answered before the Lambda\'s time is up', async () => {
  const created = await onEvent(createEvent(), lambdaContext(20_000));
  standIn.script.DescribeHyperParameterTuningJob = ['hang', 'hang', 'hang', 'hang', 'hang', 'hang'];
  const { value, ms } = await timed(isComplete({ ...createEvent(), ...created }, lambdaContext(4_000)));
  expect(value).toEqual({ IsComplete: false });
  expect(ms).toBeLessThan(4_000);
}, 15_000);

test('onEvent Create: the first answer is lost; the SDK\'s retry meets ResourceInUse and the job is adopted, within the Lambda\'s time', async () => {
  standIn.script.CreateHyperParameterTuningJob = ['lost'];
  const { value, ms } = await timed(onEvent(createEvent(), lambdaContext(9_000)));
  expect(standIn.jobs.size).toBe(1);
  const [job] = standIn.jobs.values();
  expect(value.PhysicalResourceId).toBe(job.name);
  expect(job.tags).toContainEqual({ Key: CREATE_REQUEST_TAG, Value: 'req-create-1' });
  expect(standIn.calls.filter(c => c === 'CreateHyperParameterTuningJob').length).toBeGreaterThanOrEqual(2);
  expect(ms).toBeLessThan(9_000);
}, 20_000);

test('onEvent Create: SageMaker never answers; the generated name is returned before the deadline (never a failed create that may have started a job)', async () => {
  standIn.script.CreateHyperParameterTuningJob = Array(20).fill('lost');
  const { value, ms } = await timed(onEvent(createEvent(), lambdaContext(5_000)));
  expect(value.PhysicalResourceId).toMatch(/^mystack-tuning-[a-z0-9]{10}$/);
  expect(standIn.jobs.has(value.PhysicalResourceId)).toBe(true);
  expect(ms).toBeLessThan(5_000);
}, 15_000);

test('onEvent Delete: a Describe that never answers does not keep the job from being stopped', async () => {
  const created = await onEvent(createEvent(props()), lambdaContext(20_000));
  standIn.script.DescribeHyperParameterTuningJob = Array(10).fill('hang');
  const { value, ms } = await timed(onEvent(deleteEvent(created.PhysicalResourceId), lambdaContext(6_000)));
  expect(value).toEqual({ PhysicalResourceId: created.PhysicalResourceId });
  expect(standIn.jobs.get(created.PhysicalResourceId)!.status).toBe('Stopping');
  expect(ms).toBeLessThan(6_000);
}, 15_000);
