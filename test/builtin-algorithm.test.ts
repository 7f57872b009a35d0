import { App, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  BuiltInAlgorithm, ParameterRange, TrainingAlgorithm, TrainingImage, TrainingInput, TrainingJobDefinition,
  TrainingJobDefinitionProps, TuningJob, TuningObjective,
} from '../src';

function stackIn(region?: string, id = 'Stack'): Stack {
  return new Stack(new App(), id, region ? { env: { account: '123456789012', region } } : undefined);
}

function builtInDefinition(
  stack: Stack, id: string, image: TrainingImage, overrides: Partial<TrainingJobDefinitionProps> = {},
): TrainingJobDefinition {
  const bucket = (stack.node.tryFindChild('Data') as s3.IBucket | undefined) ?? s3.Bucket.fromBucketName(stack, 'Data', 'training-data');
  return new TrainingJobDefinition(stack, id, {
    algorithm: TrainingAlgorithm.fromImage(image),
    inputs: [TrainingInput.fromBucket('train', bucket, 'train/'), TrainingInput.fromBucket('validation', bucket, 'validation/')],
    outputBucket: bucket,
    staticHyperParameters: { objective: 'binary:logistic' },
    parameterRanges: [ParameterRange.continuous('eta', { min: 0.01, max: 0.3 }), ParameterRange.integer('max_depth', { min: 3, max: 10 })],
    ...overrides,
  });
}

function imageOf(def: TrainingJobDefinition): unknown {
  return Stack.of(def).resolve(def._render({ multi: true }).AlgorithmSpecification.TrainingImage);
}

/** Problems `cdk synth` reports for a stack: validation errors and the warnings of one rule. */
function synthErrors(stack: Stack): string {
  try {
    Template.fromStack(stack);
  } catch (e) {
    return (e as Error).message;
  }
  return '';
}

function warningsOf(stack: Stack, rule: string) {
  return Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp(rule));
}

// Expected image URIs, taken from the SageMaker Python SDK's image URI tables
// (sagemaker-core/src/sagemaker/core/image_uri_config/<algorithm>.json): every algorithm in a
// sample of regions, including a China region (amazonaws.com.cn) and GovCloud;
// `undefined` where the algorithm has no image.
const IMAGES: Array<[keyof typeof BuiltInAlgorithm, string, string, string | undefined]> = [
  ['BLAZINGTEXT', '1', 'us-east-1', '811284229777.dkr.ecr.us-east-1.amazonaws.com/blazingtext:1'],
  ['BLAZINGTEXT', '1', 'eu-west-1', '685385470294.dkr.ecr.eu-west-1.amazonaws.com/blazingtext:1'],
  ['BLAZINGTEXT', '1', 'ap-northeast-1', '501404015308.dkr.ecr.ap-northeast-1.amazonaws.com/blazingtext:1'],
  ['BLAZINGTEXT', '1', 'sa-east-1', '855470959533.dkr.ecr.sa-east-1.amazonaws.com/blazingtext:1'],
  ['BLAZINGTEXT', '1', 'cn-north-1', '390948362332.dkr.ecr.cn-north-1.amazonaws.com.cn/blazingtext:1'],
  ['BLAZINGTEXT', '1', 'us-gov-west-1', '226302683700.dkr.ecr.us-gov-west-1.amazonaws.com/blazingtext:1'],
  ['BLAZINGTEXT', '1', 'il-central-1', '898809789911.dkr.ecr.il-central-1.amazonaws.com/blazingtext:1'],
  ['FACTORIZATION_MACHINES', '1', 'us-east-1', '382416733822.dkr.ecr.us-east-1.amazonaws.com/factorization-machines:1'],
  ['FACTORIZATION_MACHINES', '1', 'eu-west-1', '438346466558.dkr.ecr.eu-west-1.amazonaws.com/factorization-machines:1'],
  ['FACTORIZATION_MACHINES', '1', 'ap-northeast-1', '351501993468.dkr.ecr.ap-northeast-1.amazonaws.com/factorization-machines:1'],
  ['FACTORIZATION_MACHINES', '1', 'sa-east-1', '855470959533.dkr.ecr.sa-east-1.amazonaws.com/factorization-machines:1'],
  ['FACTORIZATION_MACHINES', '1', 'cn-north-1', '390948362332.dkr.ecr.cn-north-1.amazonaws.com.cn/factorization-machines:1'],
  ['FACTORIZATION_MACHINES', '1', 'us-gov-west-1', '226302683700.dkr.ecr.us-gov-west-1.amazonaws.com/factorization-machines:1'],
  ['FACTORIZATION_MACHINES', '1', 'il-central-1', '898809789911.dkr.ecr.il-central-1.amazonaws.com/factorization-machines:1'],
  ['FORECASTING_DEEPAR', '1', 'us-east-1', '522234722520.dkr.ecr.us-east-1.amazonaws.com/forecasting-deepar:1'],
  ['FORECASTING_DEEPAR', '1', 'eu-west-1', '224300973850.dkr.ecr.eu-west-1.amazonaws.com/forecasting-deepar:1'],
  ['FORECASTING_DEEPAR', '1', 'ap-northeast-1', '633353088612.dkr.ecr.ap-northeast-1.amazonaws.com/forecasting-deepar:1'],
  ['FORECASTING_DEEPAR', '1', 'sa-east-1', '855470959533.dkr.ecr.sa-east-1.amazonaws.com/forecasting-deepar:1'],
  ['FORECASTING_DEEPAR', '1', 'cn-north-1', '390948362332.dkr.ecr.cn-north-1.amazonaws.com.cn/forecasting-deepar:1'],
  ['FORECASTING_DEEPAR', '1', 'us-gov-west-1', '226302683700.dkr.ecr.us-gov-west-1.amazonaws.com/forecasting-deepar:1'],
  ['FORECASTING_DEEPAR', '1', 'il-central-1', '898809789911.dkr.ecr.il-central-1.amazonaws.com/forecasting-deepar:1'],
  ['IMAGE_CLASSIFICATION', '1', 'us-east-1', '811284229777.dkr.ecr.us-east-1.amazonaws.com/image-classification:1'],
  ['IMAGE_CLASSIFICATION', '1', 'eu-west-1', '685385470294.dkr.ecr.eu-west-1.amazonaws.com/image-classification:1'],
  ['IMAGE_CLASSIFICATION', '1', 'ap-northeast-1', '501404015308.dkr.ecr.ap-northeast-1.amazonaws.com/image-classification:1'],
  ['IMAGE_CLASSIFICATION', '1', 'sa-east-1', '855470959533.dkr.ecr.sa-east-1.amazonaws.com/image-classification:1'],
  ['IMAGE_CLASSIFICATION', '1', 'cn-north-1', '390948362332.dkr.ecr.cn-north-1.amazonaws.com.cn/image-classification:1'],
  ['IMAGE_CLASSIFICATION', '1', 'us-gov-west-1', '226302683700.dkr.ecr.us-gov-west-1.amazonaws.com/image-classification:1'],
  ['IMAGE_CLASSIFICATION', '1', 'il-central-1', '898809789911.dkr.ecr.il-central-1.amazonaws.com/image-classification:1'],
  ['IPINSIGHTS', '1', 'us-east-1', '382416733822.dkr.ecr.us-east-1.amazonaws.com/ipinsights:1'],
  ['IPINSIGHTS', '1', 'eu-west-1', '438346466558.dkr.ecr.eu-west-1.amazonaws.com/ipinsights:1'],
  ['IPINSIGHTS', '1', 'ap-northeast-1', '351501993468.dkr.ecr.ap-northeast-1.amazonaws.com/ipinsights:1'],
  ['IPINSIGHTS', '1', 'sa-east-1', '855470959533.dkr.ecr.sa-east-1.amazonaws.com/ipinsights:1'],
  ['IPINSIGHTS', '1', 'cn-north-1', '390948362332.dkr.ecr.cn-north-1.amazonaws.com.cn/ipinsights:1'],
  ['IPINSIGHTS', '1', 'us-gov-west-1', '226302683700.dkr.ecr.us-gov-west-1.amazonaws.com/ipinsights:1'],
  ['IPINSIGHTS', '1', 'il-central-1', '898809789911.dkr.ecr.il-central-1.amazonaws.com/ipinsights:1'],
  ['KMEANS', '1', 'us-east-1', '382416733822.dkr.ecr.us-east-1.amazonaws.com/kmeans:1'],
  ['KMEANS', '1', 'eu-west-1', '438346466558.dkr.ecr.eu-west-1.amazonaws.com/kmeans:1'],
  ['KMEANS', '1', 'ap-northeast-1', '351501993468.dkr.ecr.ap-northeast-1.amazonaws.com/kmeans:1'],
  ['KMEANS', '1', 'sa-east-1', '855470959533.dkr.ecr.sa-east-1.amazonaws.com/kmeans:1'],
  ['KMEANS', '1', 'cn-north-1', '390948362332.dkr.ecr.cn-north-1.amazonaws.com.cn/kmeans:1'],
  ['KMEANS', '1', 'us-gov-west-1', '226302683700.dkr.ecr.us-gov-west-1.amazonaws.com/kmeans:1'],
  ['KMEANS', '1', 'il-central-1', '898809789911.dkr.ecr.il-central-1.amazonaws.com/kmeans:1'],
  ['KNN', '1', 'us-east-1', '382416733822.dkr.ecr.us-east-1.amazonaws.com/knn:1'],
  ['KNN', '1', 'eu-west-1', '438346466558.dkr.ecr.eu-west-1.amazonaws.com/knn:1'],
  ['KNN', '1', 'ap-northeast-1', '351501993468.dkr.ecr.ap-northeast-1.amazonaws.com/knn:1'],
  ['KNN', '1', 'sa-east-1', '855470959533.dkr.ecr.sa-east-1.amazonaws.com/knn:1'],
  ['KNN', '1', 'cn-north-1', '390948362332.dkr.ecr.cn-north-1.amazonaws.com.cn/knn:1'],
  ['KNN', '1', 'us-gov-west-1', '226302683700.dkr.ecr.us-gov-west-1.amazonaws.com/knn:1'],
  ['KNN', '1', 'il-central-1', '898809789911.dkr.ecr.il-central-1.amazonaws.com/knn:1'],
  ['LDA', '1', 'us-east-1', '766337827248.dkr.ecr.us-east-1.amazonaws.com/lda:1'],
  ['LDA', '1', 'eu-west-1', '999678624901.dkr.ecr.eu-west-1.amazonaws.com/lda:1'],
  ['LDA', '1', 'ap-northeast-1', '258307448986.dkr.ecr.ap-northeast-1.amazonaws.com/lda:1'],
  ['LDA', '1', 'sa-east-1', undefined],
  ['LDA', '1', 'cn-north-1', undefined],
  ['LDA', '1', 'us-gov-west-1', '226302683700.dkr.ecr.us-gov-west-1.amazonaws.com/lda:1'],
  ['LDA', '1', 'il-central-1', undefined],
  ['LINEAR_LEARNER', '1', 'us-east-1', '382416733822.dkr.ecr.us-east-1.amazonaws.com/linear-learner:1'],
  ['LINEAR_LEARNER', '1', 'eu-west-1', '438346466558.dkr.ecr.eu-west-1.amazonaws.com/linear-learner:1'],
  ['LINEAR_LEARNER', '1', 'ap-northeast-1', '351501993468.dkr.ecr.ap-northeast-1.amazonaws.com/linear-learner:1'],
  ['LINEAR_LEARNER', '1', 'sa-east-1', '855470959533.dkr.ecr.sa-east-1.amazonaws.com/linear-learner:1'],
  ['LINEAR_LEARNER', '1', 'cn-north-1', '390948362332.dkr.ecr.cn-north-1.amazonaws.com.cn/linear-learner:1'],
  ['LINEAR_LEARNER', '1', 'us-gov-west-1', '226302683700.dkr.ecr.us-gov-west-1.amazonaws.com/linear-learner:1'],
  ['LINEAR_LEARNER', '1', 'il-central-1', '898809789911.dkr.ecr.il-central-1.amazonaws.com/linear-learner:1'],
  ['NTM', '1', 'us-east-1', '382416733822.dkr.ecr.us-east-1.amazonaws.com/ntm:1'],
  ['NTM', '1', 'eu-west-1', '438346466558.dkr.ecr.eu-west-1.amazonaws.com/ntm:1'],
  ['NTM', '1', 'ap-northeast-1', '351501993468.dkr.ecr.ap-northeast-1.amazonaws.com/ntm:1'],
  ['NTM', '1', 'sa-east-1', '855470959533.dkr.ecr.sa-east-1.amazonaws.com/ntm:1'],
  ['NTM', '1', 'cn-north-1', '390948362332.dkr.ecr.cn-north-1.amazonaws.com.cn/ntm:1'],
  ['NTM', '1', 'us-gov-west-1', '226302683700.dkr.ecr.us-gov-west-1.amazonaws.com/ntm:1'],
  ['NTM', '1', 'il-central-1', '898809789911.dkr.ecr.il-central-1.amazonaws.com/ntm:1'],
  ['OBJECT_DETECTION', '1', 'us-east-1', '811284229777.dkr.ecr.us-east-1.amazonaws.com/object-detection:1'],
  ['OBJECT_DETECTION', '1', 'eu-west-1', '685385470294.dkr.ecr.eu-west-1.amazonaws.com/object-detection:1'],
  ['OBJECT_DETECTION', '1', 'ap-northeast-1', '501404015308.dkr.ecr.ap-northeast-1.amazonaws.com/object-detection:1'],
  ['OBJECT_DETECTION', '1', 'sa-east-1', '855470959533.dkr.ecr.sa-east-1.amazonaws.com/object-detection:1'],
  ['OBJECT_DETECTION', '1', 'cn-north-1', '390948362332.dkr.ecr.cn-north-1.amazonaws.com.cn/object-detection:1'],
  ['OBJECT_DETECTION', '1', 'us-gov-west-1', '226302683700.dkr.ecr.us-gov-west-1.amazonaws.com/object-detection:1'],
  ['OBJECT_DETECTION', '1', 'il-central-1', '898809789911.dkr.ecr.il-central-1.amazonaws.com/object-detection:1'],
  ['OBJECT2VEC', '1', 'us-east-1', '382416733822.dkr.ecr.us-east-1.amazonaws.com/object2vec:1'],
  ['OBJECT2VEC', '1', 'eu-west-1', '438346466558.dkr.ecr.eu-west-1.amazonaws.com/object2vec:1'],
  ['OBJECT2VEC', '1', 'ap-northeast-1', '351501993468.dkr.ecr.ap-northeast-1.amazonaws.com/object2vec:1'],
  ['OBJECT2VEC', '1', 'sa-east-1', '855470959533.dkr.ecr.sa-east-1.amazonaws.com/object2vec:1'],
  ['OBJECT2VEC', '1', 'cn-north-1', '390948362332.dkr.ecr.cn-north-1.amazonaws.com.cn/object2vec:1'],
  ['OBJECT2VEC', '1', 'us-gov-west-1', '226302683700.dkr.ecr.us-gov-west-1.amazonaws.com/object2vec:1'],
  ['OBJECT2VEC', '1', 'il-central-1', '898809789911.dkr.ecr.il-central-1.amazonaws.com/object2vec:1'],
  ['PCA', '1', 'us-east-1', '382416733822.dkr.ecr.us-east-1.amazonaws.com/pca:1'],
  ['PCA', '1', 'eu-west-1', '438346466558.dkr.ecr.eu-west-1.amazonaws.com/pca:1'],
  ['PCA', '1', 'ap-northeast-1', '351501993468.dkr.ecr.ap-northeast-1.amazonaws.com/pca:1'],
  ['PCA', '1', 'sa-east-1', '855470959533.dkr.ecr.sa-east-1.amazonaws.com/pca:1'],
  ['PCA', '1', 'cn-north-1', '390948362332.dkr.ecr.cn-north-1.amazonaws.com.cn/pca:1'],
  ['PCA', '1', 'us-gov-west-1', '226302683700.dkr.ecr.us-gov-west-1.amazonaws.com/pca:1'],
  ['PCA', '1', 'il-central-1', '898809789911.dkr.ecr.il-central-1.amazonaws.com/pca:1'],
  ['RANDOMCUTFOREST', '1', 'us-east-1', '382416733822.dkr.ecr.us-east-1.amazonaws.com/randomcutforest:1'],
  ['RANDOMCUTFOREST', '1', 'eu-west-1', '438346466558.dkr.ecr.eu-west-1.amazonaws.com/randomcutforest:1'],
  ['RANDOMCUTFOREST', '1', 'ap-northeast-1', '351501993468.dkr.ecr.ap-northeast-1.amazonaws.com/randomcutforest:1'],
  ['RANDOMCUTFOREST', '1', 'sa-east-1', '855470959533.dkr.ecr.sa-east-1.amazonaws.com/randomcutforest:1'],
  ['RANDOMCUTFOREST', '1', 'cn-north-1', '390948362332.dkr.ecr.cn-north-1.amazonaws.com.cn/randomcutforest:1'],
  ['RANDOMCUTFOREST', '1', 'us-gov-west-1', '226302683700.dkr.ecr.us-gov-west-1.amazonaws.com/randomcutforest:1'],
  ['RANDOMCUTFOREST', '1', 'il-central-1', '898809789911.dkr.ecr.il-central-1.amazonaws.com/randomcutforest:1'],
  ['SEMANTIC_SEGMENTATION', '1', 'us-east-1', '811284229777.dkr.ecr.us-east-1.amazonaws.com/semantic-segmentation:1'],
  ['SEMANTIC_SEGMENTATION', '1', 'eu-west-1', '685385470294.dkr.ecr.eu-west-1.amazonaws.com/semantic-segmentation:1'],
  ['SEMANTIC_SEGMENTATION', '1', 'ap-northeast-1', '501404015308.dkr.ecr.ap-northeast-1.amazonaws.com/semantic-segmentation:1'],
  ['SEMANTIC_SEGMENTATION', '1', 'sa-east-1', '855470959533.dkr.ecr.sa-east-1.amazonaws.com/semantic-segmentation:1'],
  ['SEMANTIC_SEGMENTATION', '1', 'cn-north-1', '390948362332.dkr.ecr.cn-north-1.amazonaws.com.cn/semantic-segmentation:1'],
  ['SEMANTIC_SEGMENTATION', '1', 'us-gov-west-1', '226302683700.dkr.ecr.us-gov-west-1.amazonaws.com/semantic-segmentation:1'],
  ['SEMANTIC_SEGMENTATION', '1', 'il-central-1', '898809789911.dkr.ecr.il-central-1.amazonaws.com/semantic-segmentation:1'],
  ['SEQ2SEQ', '1', 'us-east-1', '811284229777.dkr.ecr.us-east-1.amazonaws.com/seq2seq:1'],
  ['SEQ2SEQ', '1', 'eu-west-1', '685385470294.dkr.ecr.eu-west-1.amazonaws.com/seq2seq:1'],
  ['SEQ2SEQ', '1', 'ap-northeast-1', '501404015308.dkr.ecr.ap-northeast-1.amazonaws.com/seq2seq:1'],
  ['SEQ2SEQ', '1', 'sa-east-1', '855470959533.dkr.ecr.sa-east-1.amazonaws.com/seq2seq:1'],
  ['SEQ2SEQ', '1', 'cn-north-1', '390948362332.dkr.ecr.cn-north-1.amazonaws.com.cn/seq2seq:1'],
  ['SEQ2SEQ', '1', 'us-gov-west-1', '226302683700.dkr.ecr.us-gov-west-1.amazonaws.com/seq2seq:1'],
  ['SEQ2SEQ', '1', 'il-central-1', '898809789911.dkr.ecr.il-central-1.amazonaws.com/seq2seq:1'],
  ['XGBOOST', '1.7-1', 'us-east-1', '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1'],
  ['XGBOOST', '1.7-1', 'eu-west-1', '141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-xgboost:1.7-1'],
  ['XGBOOST', '1.7-1', 'ap-northeast-1', '354813040037.dkr.ecr.ap-northeast-1.amazonaws.com/sagemaker-xgboost:1.7-1'],
  ['XGBOOST', '1.7-1', 'sa-east-1', '737474898029.dkr.ecr.sa-east-1.amazonaws.com/sagemaker-xgboost:1.7-1'],
  ['XGBOOST', '1.7-1', 'cn-north-1', '450853457545.dkr.ecr.cn-north-1.amazonaws.com.cn/sagemaker-xgboost:1.7-1'],
  ['XGBOOST', '1.7-1', 'us-gov-west-1', '414596584902.dkr.ecr.us-gov-west-1.amazonaws.com/sagemaker-xgboost:1.7-1'],
  ['XGBOOST', '1.7-1', 'il-central-1', '898809789911.dkr.ecr.il-central-1.amazonaws.com/sagemaker-xgboost:1.7-1'],
];

describe('TrainingImage.fromBuiltInAlgorithm', () => {
  test.each(IMAGES)('%s %s in %s', (constant, version, region, uri) => {
    const stack = stackIn(region);
    const image = TrainingImage.fromBuiltInAlgorithm(BuiltInAlgorithm[constant] as BuiltInAlgorithm, version);
    if (uri === undefined) {
      expect(() => builtInDefinition(stack, 'Def', image)).toThrow(/^Stack\/Def: .*has no image in the stack's region/);
    } else {
      expect(imageOf(builtInDefinition(stack, 'Def', image))).toEqual(uri);
    }
  });

  test('the issue\'s two URIs, exactly', () => {
    const stack = stackIn('eu-west-1');
    expect(imageOf(builtInDefinition(stack, 'Xgb', TrainingImage.fromBuiltInAlgorithm(BuiltInAlgorithm.XGBOOST, '1.7-1'))))
      .toEqual('141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-xgboost:1.7-1');
    expect(imageOf(builtInDefinition(stack, 'Ll', TrainingImage.fromBuiltInAlgorithm(BuiltInAlgorithm.LINEAR_LEARNER))))
      .toEqual('438346466558.dkr.ecr.eu-west-1.amazonaws.com/linear-learner:1');
  });

  test('the legacy XGBoost version 1 is the xgboost repository', () => {
    const stack = stackIn('us-east-1');
    expect(imageOf(builtInDefinition(stack, 'Xgb', TrainingImage.fromBuiltInAlgorithm(BuiltInAlgorithm.XGBOOST, '1'))))
      .toEqual('811284229777.dkr.ecr.us-east-1.amazonaws.com/xgboost:1');
  });

  test('a region-agnostic stack renders one mapping lookup per repository', () => {
    const stack = stackIn();
    const a = builtInDefinition(stack, 'A', TrainingImage.fromBuiltInAlgorithm(BuiltInAlgorithm.XGBOOST, '1.7-1'));
    builtInDefinition(stack, 'B', TrainingImage.fromBuiltInAlgorithm(BuiltInAlgorithm.XGBOOST, '1.5-1'));
    builtInDefinition(stack, 'C', TrainingImage.fromBuiltInAlgorithm(BuiltInAlgorithm.LINEAR_LEARNER));
    const template = Template.fromStack(stack).toJSON();
    const mappings = template.Mappings ?? {};
    expect(Object.keys(mappings).sort()).toEqual([
      expect.stringMatching(/^SageMakerBuiltInRegistryLinearLearner/),
      expect.stringMatching(/^SageMakerBuiltInRegistrySagemakerXgboost/),
    ]);
    const xgb = Object.entries(mappings).find(([k]) => k.includes('Xgboost'))![1] as Record<string, { account: string }>;
    expect(xgb['eu-west-1']).toEqual({ account: '141502667606' });
    expect(xgb['us-east-1']).toEqual({ account: '683313688378' });
    expect(xgb['cn-north-1']).toEqual({ account: '450853457545' });
    expect(Object.keys(xgb)).toHaveLength(37);
    const mappingId = Object.keys(mappings).find(k => k.includes('Xgboost'))!;
    expect(imageOf(a)).toEqual({
      'Fn::Join': ['', [
        { 'Fn::FindInMap': [mappingId, { Ref: 'AWS::Region' }, 'account'] },
        '.dkr.ecr.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }, '/sagemaker-xgboost:1.7-1',
      ]],
    });
  });

  test('a region-agnostic stack still runs the built-in checks (the repository is literal in the URI)', () => {
    const stack = stackIn();
    const def = builtInDefinition(stack, 'Xgb', TrainingImage.fromBuiltInAlgorithm(BuiltInAlgorithm.XGBOOST, '1.7-1'));
    new TuningJob(stack, 'Tuning', {
      trainingJobDefinitions: [def], objective: TuningObjective.maximize('validaton:auc'), maxTrainingJobs: 4, maxParallelTrainingJobs: 2,
    });
    expect(synthErrors(stack)).toContain("Did you mean 'validation:auc'?");
  });

  test('an unknown version is reported by the definition that binds it, listing the versions', () => {
    const stack = stackIn('us-east-1');
    expect(() => builtInDefinition(stack, 'Xgb', TrainingImage.fromBuiltInAlgorithm(BuiltInAlgorithm.XGBOOST, '1.7-2')))
      .toThrow(/^Stack\/Xgb: algorithm \(TrainingImage\.fromBuiltInAlgorithm\) version '1\.7-2' is not a version of the built-in XGBoost algorithm: its versions are '1', '0\.90-1', .*'1\.7-1'.*'3\.2-0'/);
    expect(() => builtInDefinition(stack, 'Km', TrainingImage.fromBuiltInAlgorithm(BuiltInAlgorithm.KMEANS, '2'))).toThrow(/^Stack\/Km: .*its versions are '1'/);
  });

  test('a token version is refused (it selects the repository)', () => {
    const stack = stackIn('us-east-1');
    expect(() => builtInDefinition(stack, 'Xgb', TrainingImage.fromBuiltInAlgorithm(BuiltInAlgorithm.XGBOOST, Token.asString({ Ref: 'Version' }))))
      .toThrow(/^Stack\/Xgb: algorithm \(TrainingImage\.fromBuiltInAlgorithm\) version must be known at synth time/);
  });

  test('XGBoost needs a version; single-version algorithms default to theirs', () => {
    const stack = stackIn('us-east-1');
    expect(() => builtInDefinition(stack, 'Xgb', TrainingImage.fromBuiltInAlgorithm(BuiltInAlgorithm.XGBOOST)))
      .toThrow(/^Stack\/Xgb: .*version is required for the built-in XGBoost algorithm/);
    const other = stackIn('us-east-1');
    expect(imageOf(builtInDefinition(other, 'K', TrainingImage.fromBuiltInAlgorithm(BuiltInAlgorithm.KMEANS))))
      .toEqual('382416733822.dkr.ecr.us-east-1.amazonaws.com/kmeans:1');
  });

  test('a stack region without the algorithm fails with the construct path and the regions there are', () => {
    const stack = stackIn('sa-east-1');
    expect(() => builtInDefinition(stack, 'Topics', TrainingImage.fromBuiltInAlgorithm(BuiltInAlgorithm.LDA)))
      .toThrow(/^Stack\/Topics: algorithm \(TrainingImage\.fromBuiltInAlgorithm\) is the built-in LDA algorithm, version '1', but its repository 'lda' has no image in the stack's region sa-east-1: it is available in 16 regions: .*'us-east-1'/);
  });

  test('an unusable image is reported together with the definition\'s other problems; binding it alone throws the problem', () => {
    const stack = stackIn('us-east-1');
    let errors = '';
    try {
      builtInDefinition(stack, 'Xgb', TrainingImage.fromBuiltInAlgorithm(BuiltInAlgorithm.XGBOOST, '9'), {
        parameterRanges: [ParameterRange.integer('max_depth', { min: 10, max: 3 })],
      });
    } catch (e) {
      errors = (e as Error).message;
    }
    expect(errors.split('\n')).toEqual([
      expect.stringMatching(/^Stack\/Xgb: algorithm .*'9' is not a version/),
      expect.stringMatching(/^Stack\/Xgb: parameterRanges\[0\] \(integer 'max_depth'\): min \(MinValue\) is 10 and max \(MaxValue\) is 3/),
    ]);
    const def = builtInDefinition(stack, 'Ok', TrainingImage.fromBuiltInAlgorithm(BuiltInAlgorithm.XGBOOST, '1.7-1'));
    expect(() => TrainingImage.fromBuiltInAlgorithm(BuiltInAlgorithm.XGBOOST, '9').bind(def, def.role))
      .toThrow(/^algorithm \(TrainingImage\.fromBuiltInAlgorithm\) version '9' is not a version/);
  });

  test('the generated role may pull that repository in that registry, and nothing else', () => {
    const stack = stackIn('eu-west-1');
    builtInDefinition(stack, 'Xgb', TrainingImage.fromBuiltInAlgorithm(BuiltInAlgorithm.XGBOOST, '1.7-1'));
    // The training role's statements are inline on the role (one policy document per role).
    const roles = Template.fromStack(stack).findResources('AWS::IAM::Role');
    const statements = Object.values(roles)
      .flatMap((r: any) => (r.Properties.Policies ?? []).flatMap((p: any) => p.PolicyDocument.Statement as any[]));
    const ecr = statements.filter(s => [s.Action].flat().some((a: string) => a.startsWith('ecr:')));
    expect(ecr).toEqual([
      {
        Effect: 'Allow',
        Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ecr:eu-west-1:141502667606:repository/sagemaker-xgboost']] },
      },
      { Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
    ]);
  });

  test('a region-agnostic stack grants the repository of the mapped account in the deployment region', () => {
    const stack = stackIn();
    builtInDefinition(stack, 'Xgb', TrainingImage.fromBuiltInAlgorithm(BuiltInAlgorithm.XGBOOST, '1.7-1'));
    const json = JSON.stringify(Template.fromStack(stack).findResources('AWS::IAM::Role'));
    expect(json).toContain('"Fn::FindInMap"');
    expect(json).toContain(':repository/sagemaker-xgboost');
    expect(json).not.toContain('repository/*');
  });

  test('needs no metric definitions (no custom-image warning)', () => {
    const stack = stackIn('eu-west-1');
    builtInDefinition(stack, 'Xgb', TrainingImage.fromBuiltInAlgorithm(BuiltInAlgorithm.XGBOOST, '1.7-1'));
    expect(warningsOf(stack, 'TJ-METRICS-CUSTOM-IMAGE')).toEqual([]);
  });

  test('BuiltInAlgorithm: names and versions', () => {
    expect(BuiltInAlgorithm.XGBOOST.displayName).toBe('XGBoost');
    expect(BuiltInAlgorithm.XGBOOST.versions).toContain('1.7-1');
    expect(BuiltInAlgorithm.LINEAR_LEARNER.versions).toEqual(['1']);
    expect(`${BuiltInAlgorithm.LINEAR_LEARNER}`).toBe('linear-learner');
  });
});

describe('the three commonest built-in mistakes, where they enter or at synth', () => {
  function job(stack: Stack, objective: TuningObjective, overrides: Partial<TrainingJobDefinitionProps> = {}, image?: TrainingImage) {
    const def = builtInDefinition(stack, 'Xgboost', image ?? TrainingImage.fromBuiltInAlgorithm(BuiltInAlgorithm.XGBOOST, '1.7-1'), overrides);
    return new TuningJob(stack, 'Tuning', { trainingJobDefinitions: [def], objective, maxTrainingJobs: 4, maxParallelTrainingJobs: 2 });
  }

  test('a misspelt objective fails with the path, the field, the value and a suggestion', () => {
    const stack = stackIn('eu-west-1');
    job(stack, TuningObjective.maximize('validaton:auc'));
    const message = synthErrors(stack);
    expect(message).toContain('Stack/Tuning');
    expect(message).toContain("objective metric (HyperParameterTuningJobConfig.HyperParameterTuningJobObjective.MetricName) of definition 'Stack/Xgboost' is 'validaton:auc'");
    expect(message).toContain("'validation:auc'");
    expect(message).toContain("Did you mean 'validation:auc'?");
  });

  test('the us-east-1 image in an eu-west-1 stack warns, naming the image for the stack\'s region', () => {
    const stack = stackIn('eu-west-1');
    job(stack, TuningObjective.maximize('validation:auc'), {},
      TrainingImage.fromRegistry('683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1'));
    const warnings = warningsOf(stack, 'TJ-BUILTIN-IMAGE-REGION');
    expect(warnings.map(w => w.id)).toEqual(['/Stack/Xgboost']);
    expect(JSON.stringify(warnings[0].entry.data)).toContain("Use TrainingImage.fromBuiltInAlgorithm(BuiltInAlgorithm.XGBOOST, '1.7-1'), which renders 141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-xgboost:1.7-1 for the stack's region");
    // same region, or a region-agnostic stack: nothing to say
    const same = stackIn('us-east-1', 'Same');
    job(same, TuningObjective.maximize('validation:auc'), {},
      TrainingImage.fromRegistry('683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1'));
    expect(warningsOf(same, 'TJ-BUILTIN-IMAGE-REGION')).toEqual([]);
    const agnostic = stackIn(undefined, 'Agnostic');
    job(agnostic, TuningObjective.maximize('validation:auc'), {},
      TrainingImage.fromRegistry('683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1'));
    expect(warningsOf(agnostic, 'TJ-BUILTIN-IMAGE-REGION')).toEqual([]);
  });

  test('validation:auc without a validation channel fails', () => {
    const stack = stackIn('eu-west-1');
    const bucket = s3.Bucket.fromBucketName(stack, 'Data', 'training-data');
    job(stack, TuningObjective.maximize('validation:auc'), { inputs: [TrainingInput.fromBucket('train', bucket, 'train/')] });
    expect(synthErrors(stack)).toContain("is 'validation:auc', which the built-in XGBoost algorithm computes on the 'validation' input channel, but its input channels are 'train'");
  });

  test('the wrong direction warns', () => {
    const stack = stackIn('eu-west-1');
    job(stack, TuningObjective.maximize('validation:rmse'));
    expect(synthErrors(stack)).toBe('');
    const warnings = warningsOf(stack, 'TJ-BUILTIN-DIRECTION');
    expect(warnings).toHaveLength(1);
    expect(JSON.stringify(warnings[0].entry.data)).toContain('validation:rmse is minimized for the built-in XGBoost algorithm');
  });

  test('learning_rate for XGBoost warns with eta', () => {
    const stack = stackIn('eu-west-1');
    job(stack, TuningObjective.maximize('validation:auc'), {
      parameterRanges: [ParameterRange.continuous('learning_rate', { min: 0.01, max: 0.3 })],
    });
    expect(synthErrors(stack)).toBe('');
    const warnings = warningsOf(stack, 'TJ-BUILTIN-HYPERPARAMETER');
    expect(warnings.map(w => w.id)).toEqual(['/Stack/Xgboost']);
    expect(JSON.stringify(warnings[0].entry.data)).toContain("Did you mean 'eta'?");
  });

  test('a range past the documented bounds fails with the construct path', () => {
    const stack = stackIn('eu-west-1');
    expect(() => job(stack, TuningObjective.maximize('validation:auc'), {
      parameterRanges: [ParameterRange.continuous('subsample', { min: 0.5, max: 1.5 })],
    })).toThrow("Stack/Xgboost: parameterRanges[0] (continuous 'subsample'): max (MaxValue) is 1.5, but subsample of the built-in XGBoost algorithm takes values in [0, 1]");
  });
});
