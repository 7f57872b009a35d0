import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  ParameterRange, TrainingAlgorithm, TrainingImage, TrainingInput, TrainingJobDefinition,
  TrainingJobDefinitionProps, TuningJob, TuningJobProps, TuningObjective,
} from '../src';

export const XGBOOST_IMAGE = '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1';

export function newStack(id = 'Stack'): Stack {
  return new Stack(new App(), id, { env: { account: '123456789012', region: 'us-east-1' } });
}

export function bucketIn(stack: Stack, id = 'Data'): s3.IBucket {
  return s3.Bucket.fromBucketName(stack, id, 'training-data');
}

/** A valid definition; `overrides` replace its props. */
export function definition(stack: Stack, id = 'Xgboost', overrides: Partial<TrainingJobDefinitionProps> = {}): TrainingJobDefinition {
  const bucket = (stack.node.tryFindChild('Data') as s3.IBucket | undefined) ?? bucketIn(stack);
  return new TrainingJobDefinition(stack, id, {
    algorithm: TrainingAlgorithm.fromImage(TrainingImage.fromRegistry(XGBOOST_IMAGE)),
    // built-in XGBoost computes the validation:auc objective on the 'validation' channel
    inputs: [TrainingInput.fromBucket('train', bucket, 'train/'), TrainingInput.fromBucket('validation', bucket, 'validation/')],
    outputBucket: bucket,
    outputPrefix: 'models',
    staticHyperParameters: { objective: 'binary:logistic' },
    parameterRanges: [
      ParameterRange.continuous('eta', { min: 0.01, max: 0.3 }),
      ParameterRange.integer('max_depth', { min: 3, max: 10 }),
    ],
    ...overrides,
  });
}

/** A valid tuning job over one definition; `overrides` replace its props. */
export function tuningJob(stack: Stack, overrides: Partial<TuningJobProps> = {}, id = 'Tuning'): TuningJob {
  return new TuningJob(stack, id, {
    trainingJobDefinitions: overrides.trainingJobDefinitions ?? [definition(stack)],
    objective: TuningObjective.maximize('validation:auc'),
    maxTrainingJobs: 10,
    maxParallelTrainingJobs: 2,
    ...overrides,
  });
}
