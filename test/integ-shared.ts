// Shared by the test/integ.*.ts apps (integ-runner only runs files named integ.*.ts).
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { TrainingInput } from '../src';

/** SageMaker's built-in XGBoost image in us-east-1. */
export const XGBOOST_IMAGE = '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1';

/**
 * The training-data bucket of an integ stack ('Data'): private, TLS only, emptied and deleted
 * with the stack. `props` override the defaults (e.g. KMS encryption).
 */
export function integDataBucket(stack: Stack, props: s3.BucketProps = {}): s3.Bucket {
  return new s3.Bucket(stack, 'Data', {
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    removalPolicy: RemovalPolicy.DESTROY,
    autoDeleteObjects: true,
    ...props,
  });
}

/** The train and validation CSV channels under `<prefix>/` of the data bucket. */
export function csvInputs(bucket: s3.IBucket, prefix = 'data'): TrainingInput[] {
  return [
    TrainingInput.fromBucket('train', bucket, `${prefix}/train/`, { contentType: 'text/csv' }),
    TrainingInput.fromBucket('validation', bucket, `${prefix}/validation/`, { contentType: 'text/csv' }),
  ];
}
