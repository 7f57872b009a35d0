import { CustomResource, Lazy, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { TUNING_JOB_NAME_PATTERN } from './handler/naming';
import { LongWaitInfra, RESULTS_RESOURCE_TYPE } from './private/long-wait';
import { Attr } from './shared/contract';
import { ResultsAttr, ResultsProp } from './shared/long-wait';

/** Properties of `TuningJobResults`. */
export interface TuningJobResultsProps {
  /**
   * The name of the finished tuning job to read, in this account and region: for example
   * the `tuningJobName` output of the deployment that started it detached, or
   * `tuningJob.tuningJobName` of a `TuningJob` in another stack.
   */
  readonly tuningJobName: string;
}

/**
 * The results of a finished SageMaker tuning job, read at deploy time: the second step of
 * tuning jobs longer than a deployment can wait (deploy the job `detached`, then, once it
 * has completed, deploy what uses its winner).
 *
 * A custom resource describes the job when it is created (and whenever `tuningJobName`
 * changes) and fails the deployment with a clear message when the job has not Completed
 * (still running, failed, stopped or missing). Its attributes are those of a waiting
 * `TuningJob`.
 *
 * @resource Custom::SageMakerTuningJobResults
 */
export class TuningJobResults extends Construct {
  /** The tuning job's name. */
  public readonly tuningJobName: string;

  private readonly resource: CustomResource;
  private readonly requestedHyperParameters = new Set<string>();

  /**
   * @param scope the construct scope
   * @param id the construct id
   * @param props the properties of the results reader
   */
  constructor(scope: Construct, id: string, props: TuningJobResultsProps) {
    super(scope, id);
    const name = props.tuningJobName;
    if (!Token.isUnresolved(name) && !TUNING_JOB_NAME_PATTERN.test(name)) {
      throw new Error(`${this.node.path}: tuningJobName ${JSON.stringify(name)} is not a tuning job name `
        + '(1-32 letters, digits and hyphens, starting and ending with a letter or digit)');
    }
    this.tuningJobName = name;
    const infra = LongWaitInfra.of(this);
    // SageMaker's ARNs hold the name in lower case.
    infra.grantResults(Token.isUnresolved(name) ? name : name.toLowerCase());
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: infra.resultsServiceToken,
      resourceType: RESULTS_RESOURCE_TYPE,
      properties: {
        [ResultsProp.JOB_NAME]: name,
        [ResultsProp.HYPERPARAMETERS]: Lazy.string({ produce: () => JSON.stringify([...this.requestedHyperParameters]) }),
      },
    });
  }

  /** The tuning job's ARN. */
  public get tuningJobArn(): string {
    return this.resource.getAttString(Attr.JOB_ARN);
  }

  /** The job's status (always `Completed`: the resource fails otherwise). */
  public get tuningJobStatus(): string {
    return this.resource.getAttString(Attr.STATUS);
  }

  /** The name of the best training job. */
  public get bestTrainingJobName(): string {
    return this.resource.getAttString(Attr.BEST_TRAINING_JOB_NAME);
  }

  /** The best training job's final objective metric value (as a string). */
  public get bestObjectiveValue(): string {
    return this.resource.getAttString(Attr.BEST_OBJECTIVE_VALUE);
  }

  /** The best training job including warm-start parents' jobs ('' without warm start). */
  public get overallBestTrainingJobName(): string {
    return this.resource.getAttString(Attr.OVERALL_BEST_TRAINING_JOB_NAME);
  }

  /** The S3 URI of the best training job's model artifact (`s3://<bucket>/<key>`). */
  public get bestModelDataUri(): string {
    return this.resource.getAttString(Attr.BEST_MODEL_DATA_URI);
  }

  /**
   * The key of the best model artifact in its bucket (the URI without `s3://<bucket>/`),
   * for `ModelData.fromBucket(outputBucket, results.bestModelDataKey)`.
   */
  public get bestModelDataKey(): string {
    return this.resource.getAttString(ResultsAttr.BEST_MODEL_DATA_KEY);
  }

  /**
   * The value of a tuned hyperparameter in the best training job ('' when the best job's
   * definition does not tune it).
   * @param name the hyperparameter's name
   */
  public bestHyperParameter(name: string): string {
    this.requestedHyperParameters.add(name);
    return this.resource.getAttString(`${Attr.BEST_HYPERPARAMETER_PREFIX}${name}`);
  }
}
