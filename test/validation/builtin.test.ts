/*
 * The rules for SageMaker built-in algorithms (src/validation/builtin-*.ts), table-driven: the
 * definition's where it receives its image and ranges, the job's on wire objects.
 */
import { Aws, Fn, Token } from 'aws-cdk-lib';
import { findingsOf, Subject, validSubject } from './entry-fixtures';
import { changed, dump, ofRule, validDefinition, validRequest, validMultiRequest } from './wire-fixtures';
import { ParameterRange } from '../../src';
import { WireCreateRequest, WireTrainingJobDefinition } from '../../src/shared/wire';
import {
  builtInAlgorithmOfImage, builtInImageRegion, isBuiltInAlgorithmImage, validateTrainingJobDefinition, validateTuningJobRequest,
} from '../../src/validation';

const XGB_US_EAST_1 = '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1';
const XGB_EU_WEST_1 = '141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-xgboost:1.7-1';
const LINEAR_EU_WEST_1 = '438346466558.dkr.ecr.eu-west-1.amazonaws.com/linear-learner:1';
const CONTEXT = { definitionPaths: ['Stack/Xgboost', 'Stack/Linear'] };

/** The valid definition running built-in XGBoost (no metric definitions) with train and validation channels, as the definition rules see it. */
function xgbSubject(change?: DefChange): Subject {
  const s = validSubject();
  s.algorithm = { trainingImage: XGB_EU_WEST_1 };
  delete s.props.metricDefinitions;
  s.channels.push({ name: 'validation', config: { s3DataSource: { s3Uri: 's3://bucket/data/validation/' } } });
  change?.(s);
  return s;
}

/** The same definition, rendered. */
function xgbDefinition(): WireTrainingJobDefinition {
  return changed(validDefinition(), d => {
    d.AlgorithmSpecification.TrainingImage = XGB_EU_WEST_1;
    delete d.AlgorithmSpecification.MetricDefinitions;
    d.InputDataConfig!.push({ ChannelName: 'validation', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://bucket/data/validation/' } } });
  });
}

function xgbRequest(): WireCreateRequest {
  return validRequest(xgbDefinition());
}

function objective(r: WireCreateRequest) {
  return r.HyperParameterTuningJobConfig.HyperParameterTuningJobObjective!;
}

function ranges(r: WireCreateRequest) {
  return r.HyperParameterTuningJobConfig.ParameterRanges!;
}

type DefChange = (s: Subject) => void;
type JobChange = (r: WireCreateRequest) => void;

interface DefinitionCase {
  readonly rule: string;
  readonly severity: 'error' | 'warning';
  readonly title: string;
  readonly pass?: DefChange;
  readonly fail: DefChange;
  readonly expect: string[];
}

interface JobCase {
  readonly rule: string;
  readonly severity: 'error' | 'warning';
  readonly title: string;
  readonly base?: () => WireCreateRequest;
  readonly pass?: JobChange;
  readonly fail: JobChange;
  readonly expect: string[];
}

const DEFINITION_CASES: DefinitionCase[] = [
  {
    rule: 'TJ-BUILTIN-IMAGE',
    severity: 'error',
    title: 'a hard-coded built-in image with a version the repository does not have',
    pass: s => { s.algorithm = { trainingImage: '141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-xgboost:3.2-0' }; },
    fail: s => { s.algorithm = { trainingImage: '141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-xgboost:1.7-2' }; },
    expect: ['algorithm (TrainingAlgorithm.fromImage) (TrainingJobDefinition.AlgorithmSpecification.TrainingImage) is the built-in XGBoost image', "'1.7-2' is not one of its versions", "'1.7-1'"],
  },
  {
    rule: 'TJ-BUILTIN-IMAGE',
    severity: 'error',
    title: 'the legacy xgboost repository with a framework version names the repository that has it',
    pass: s => { s.algorithm = { trainingImage: '685385470294.dkr.ecr.eu-west-1.amazonaws.com/xgboost:1' }; },
    fail: s => { s.algorithm = { trainingImage: '685385470294.dkr.ecr.eu-west-1.amazonaws.com/xgboost:1.7-1' }; },
    expect: ["version '1.7-1' is in the repository 'sagemaker-xgboost'"],
  },
  {
    rule: 'TJ-BUILTIN-IMAGE',
    severity: 'error',
    title: 'a built-in image without a tag',
    pass: s => { s.algorithm = { trainingImage: `${LINEAR_EU_WEST_1.split(':')[0]}@sha256:${'a'.repeat(64)}` }; },
    fail: s => { s.algorithm = { trainingImage: LINEAR_EU_WEST_1.split(':')[0] }; },
    expect: ['which names no version', "'1'"],
  },
  {
    rule: 'TJ-BUILTIN-IMAGE',
    severity: 'error',
    title: "a registry account of another region than the URI's",
    pass: s => { s.algorithm = { trainingImage: XGB_US_EAST_1 }; },
    fail: s => { s.algorithm = { trainingImage: '683313688378.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-xgboost:1.7-1' }; },
    expect: ['the registry of \'sagemaker-xgboost\' in eu-west-1 is account 141502667606, not 683313688378'],
  },
  {
    rule: 'TJ-BUILTIN-IMAGE',
    severity: 'error',
    title: 'a region the algorithm has no image in',
    pass: s => { s.algorithm = { trainingImage: '766337827248.dkr.ecr.us-east-1.amazonaws.com/lda:1' }; },
    fail: s => { s.algorithm = { trainingImage: '766337827248.dkr.ecr.sa-east-1.amazonaws.com/lda:1' }; },
    expect: ["has no image in region 'sa-east-1'", 'it is available in 16 regions'],
  },
  {
    rule: 'TJ-BUILTIN-HYPERPARAMETER',
    severity: 'warning',
    title: 'learning_rate for XGBoost: did you mean eta (documented alias)',
    pass: s => { s.ranges[0] = ParameterRange.continuous('scale_pos_weight', { min: 0.01, max: 0.3 }); },
    fail: s => { s.ranges[0] = ParameterRange.continuous('learning_rate', { min: 0.01, max: 0.3 }); },
    expect: ["parameterRanges[0] (continuous 'learning_rate'): 'learning_rate' is not a hyperparameter of the built-in XGBoost algorithm", 'xgboost_hyperparameters.html', "Did you mean 'eta'? (XGBoost calls learning_rate 'eta'.)"],
  },
  {
    rule: 'TJ-BUILTIN-HYPERPARAMETER',
    severity: 'warning',
    title: 'a misspelt hyperparameter: did you mean (edit distance)',
    fail: s => { s.ranges[1] = ParameterRange.integer('max_dept', { min: 3, max: 10 }); },
    expect: ["'max_dept' is not a hyperparameter", "Did you mean 'max_depth'?"],
  },
  {
    rule: 'TJ-BUILTIN-HYPERPARAMETER',
    severity: 'warning',
    title: 'learning_rate is a Linear Learner hyperparameter',
    pass: s => { s.algorithm = { trainingImage: LINEAR_EU_WEST_1 }; s.ranges = [ParameterRange.continuous('learning_rate', { min: 0.0001, max: 1 })]; },
    fail: s => { s.algorithm = { trainingImage: LINEAR_EU_WEST_1 }; s.ranges = [ParameterRange.continuous('eta', { min: 0.0001, max: 1 })]; },
    expect: ["'eta' is not a hyperparameter of the built-in Linear Learner algorithm"],
  },
  {
    rule: 'TJ-BUILTIN-RANGE-BOUNDS',
    severity: 'error',
    title: 'a continuous range past a documented bound ([0, 1])',
    pass: s => { s.ranges[0] = ParameterRange.continuous('eta', { min: 0, max: 1 }); },
    fail: s => { s.ranges[0] = ParameterRange.continuous('eta', { min: -0.1, max: 2 }); },
    expect: ["parameterRanges[0] (continuous 'eta'): min (MinValue) is -0.1 and max (MaxValue) is 2", 'eta of the built-in XGBoost algorithm takes values in [0, 1]', 'recommended for tuning: MinValue: 0.1, MaxValue: 0.5', '"Float. Range: [0,1]."'],
  },
  {
    rule: 'TJ-BUILTIN-RANGE-BOUNDS',
    severity: 'error',
    title: 'an exclusive bound ((0, 1]) excludes its end',
    pass: s => { s.ranges[0] = ParameterRange.continuous('colsample_bynode', { min: 0.01, max: 1 }); },
    fail: s => { s.ranges[0] = ParameterRange.continuous('colsample_bynode', { min: 0, max: 1 }); },
    expect: ['is 0, but colsample_bynode', 'takes values in (0, 1]'],
  },
  {
    rule: 'TJ-BUILTIN-RANGE-BOUNDS',
    severity: 'error',
    title: 'an integer range past a documented bound (Random Cut Forest num_trees 50..1000); the recommended range is no bound',
    pass: s => {
      s.algorithm = { trainingImage: '382416733822.dkr.ecr.us-east-1.amazonaws.com/randomcutforest:1' };
      s.ranges = [ParameterRange.integer('num_trees', { min: 50, max: 1000 })];
    },
    fail: s => {
      s.algorithm = { trainingImage: '382416733822.dkr.ecr.us-east-1.amazonaws.com/randomcutforest:1' };
      s.ranges = [ParameterRange.integer('num_trees', { min: 10, max: 1000 })];
    },
    expect: ['is 10, but num_trees of the built-in Random Cut Forest algorithm takes values in [50, 1000]', 'rcf_hyperparameters.html'],
  },
];

const JOB_CASES: JobCase[] = [
  {
    rule: 'TJ-BUILTIN-METRIC',
    severity: 'error',
    title: 'a misspelt XGBoost objective, with a suggestion',
    base: xgbRequest,
    fail: r => { objective(r).MetricName = 'validaton:auc'; },
    expect: ["objective metric (HyperParameterTuningJobConfig.HyperParameterTuningJobObjective.MetricName) of definition 'Stack/Xgboost' is 'validaton:auc', but the built-in XGBoost algorithm emits only", "'validation:rmse'", 'https://docs.aws.amazon.com/sagemaker/latest/dg/xgboost-tuning.html', "Did you mean 'validation:auc'?"],
  },
  {
    rule: 'TJ-BUILTIN-METRIC',
    severity: 'error',
    title: 'metric names are case-sensitive (Object Detection emits validation:mAP)',
    base: () => validRequest(changed(xgbDefinition(), d => { d.AlgorithmSpecification.TrainingImage = '811284229777.dkr.ecr.us-east-1.amazonaws.com/object-detection:1'; delete d.HyperParameterRanges; })),
    pass: r => { objective(r).MetricName = 'validation:mAP'; },
    fail: r => { objective(r).MetricName = 'validation:map'; },
    expect: ["Did you mean 'validation:mAP'?"],
  },
  {
    rule: 'TJ-BUILTIN-METRIC',
    severity: 'error',
    title: 'PCA documents no objective metric',
    base: () => validRequest(changed(xgbDefinition(), d => { d.AlgorithmSpecification.TrainingImage = '382416733822.dkr.ecr.us-east-1.amazonaws.com/pca:1'; })),
    pass: r => { r.TrainingJobDefinition!.AlgorithmSpecification.MetricDefinitions = [{ Name: 'validation:auc', Regex: 'auc=([0-9.]+)' }]; },
    fail: () => undefined,
    expect: ['the built-in PCA algorithm documents no objective metric for tuning'],
  },
  {
    rule: 'TJ-BUILTIN-METRIC',
    severity: 'error',
    title: 'several definitions: each is checked against its own algorithm and objective',
    base: () => changed(validMultiRequest(), r => {
      r.TrainingJobDefinitions![0] = { ...xgbDefinition(), DefinitionName: 'xgb', TuningObjective: { Type: 'Maximize', MetricName: 'validation:auc' } };
      r.TrainingJobDefinitions![1] = { ...xgbDefinition(), DefinitionName: 'linear', TuningObjective: { Type: 'Maximize', MetricName: 'validation:roc_auc_score' } };
      r.TrainingJobDefinitions![1].AlgorithmSpecification.TrainingImage = LINEAR_EU_WEST_1;
      delete r.TrainingJobDefinitions![1].HyperParameterRanges;
    }),
    fail: r => { r.TrainingJobDefinitions![1].TuningObjective!.MetricName = 'validation:auc'; },
    expect: ["(TrainingJobDefinitions[1].TuningObjective.MetricName) of definition 'Stack/Linear' (name 'linear') is 'validation:auc', but the built-in Linear Learner algorithm emits only"],
  },
  {
    rule: 'TJ-BUILTIN-DIRECTION',
    severity: 'warning',
    title: 'validation:rmse is minimized',
    base: xgbRequest,
    pass: r => { objective(r).Type = 'Minimize'; objective(r).MetricName = 'validation:rmse'; },
    fail: r => { objective(r).Type = 'Maximize'; objective(r).MetricName = 'validation:rmse'; },
    expect: ["objective (TuningObjective.maximize / minimize) (HyperParameterTuningJobConfig.HyperParameterTuningJobObjective.Type) of definition 'Stack/Xgboost' is 'Maximize', but validation:rmse is minimized for the built-in XGBoost algorithm", "TuningObjective.minimize('validation:rmse')"],
  },
  {
    rule: 'TJ-BUILTIN-CHANNEL',
    severity: 'error',
    title: 'validation:auc needs a validation channel',
    base: xgbRequest,
    fail: r => { r.TrainingJobDefinition!.InputDataConfig!.pop(); },
    expect: ["is 'validation:auc', which the built-in XGBoost algorithm computes on the 'validation' input channel, but its input channels are 'train'", "TrainingInput.fromBucket('validation', bucket, prefix)"],
  },
  {
    rule: 'TJ-BUILTIN-CHANNEL',
    severity: 'error',
    title: 'test: metrics need a test channel (Linear Learner)',
    base: () => validRequest(changed(xgbDefinition(), d => {
      d.AlgorithmSpecification.TrainingImage = LINEAR_EU_WEST_1;
      delete d.HyperParameterRanges;
    })),
    pass: r => {
      objective(r).MetricName = 'test:objective_loss'; objective(r).Type = 'Minimize';
      r.TrainingJobDefinition!.InputDataConfig![1].ChannelName = 'test';
    },
    fail: r => { objective(r).MetricName = 'test:objective_loss'; objective(r).Type = 'Minimize'; },
    expect: ["computes on the 'test' input channel, but its input channels are 'train' and 'validation'"],
  },
  {
    rule: 'TJ-BUILTIN-CHANNEL',
    severity: 'error',
    title: 'no input channels at all',
    base: xgbRequest,
    fail: r => { delete r.TrainingJobDefinition!.InputDataConfig; },
    expect: ['but it has no input channels'],
  },
];

describe('built-in algorithm definition rules', () => {
  test('the built-in baseline definition has no findings', () => {
    expect(dump(findingsOf(xgbSubject()))).toBe('');
    expect(dump(validateTrainingJobDefinition(xgbDefinition()))).toBe('');
  });

  describe.each(DEFINITION_CASES)('$rule: $title', c => {
    test('passes', () => {
      expect(dump(ofRule(findingsOf(xgbSubject(c.pass)), c.rule))).toBe('');
    });

    test(`fails with ${c.severity}`, () => {
      const findings = ofRule(findingsOf(xgbSubject(c.fail)), c.rule);
      expect(findings.length).toBeGreaterThan(0);
      expect(findings.every(f => f.severity === c.severity)).toBe(true);
      const text = findings.map(f => f.message).join('\n');
      for (const e of c.expect) {
        expect(text).toContain(e);
      }
    });
  });
});

describe('built-in algorithm job rules', () => {
  test('the built-in baseline request has no findings', () => {
    expect(dump(validateTuningJobRequest(xgbRequest(), CONTEXT))).toBe('');
  });

  describe.each(JOB_CASES)('$rule: $title', c => {
    const base = c.base ?? xgbRequest;
    test('passes', () => {
      const request = c.pass ? changed(base(), c.pass) : base();
      if (c.rule !== 'TJ-BUILTIN-METRIC' || c.pass) {
        expect(dump(ofRule(validateTuningJobRequest(request, CONTEXT), c.rule))).toBe('');
      }
    });

    test(`fails with ${c.severity}`, () => {
      const findings = ofRule(validateTuningJobRequest(changed(base(), c.fail), CONTEXT), c.rule);
      expect(findings.length).toBeGreaterThan(0);
      expect(findings.every(f => f.severity === c.severity)).toBe(true);
      const text = findings.map(f => f.message).join('\n');
      for (const e of c.expect) {
        expect(text).toContain(e);
      }
    });
  });

  test('a custom image gets none of the built-in rules', () => {
    const request = changed(xgbRequest(), r => {
      r.TrainingJobDefinition!.AlgorithmSpecification.TrainingImage = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-xgboost:1.7-1';
      r.TrainingJobDefinition!.AlgorithmSpecification.MetricDefinitions = [{ Name: 'validaton:auc', Regex: 'auc=([0-9.]+)' }];
      objective(r).MetricName = 'validaton:auc';
      r.TrainingJobDefinition!.InputDataConfig!.pop();
      ranges(r).ContinuousParameterRanges![0].Name = 'learning_rate';
    });
    const findings = validateTuningJobRequest(request, CONTEXT).filter(f => f.rule.startsWith('TJ-BUILTIN-'));
    expect(dump(findings)).toBe('');
  });

  test('an objective the user defines with metricDefinitions is not held to the documented list', () => {
    const request = changed(xgbRequest(), r => {
      r.TrainingJobDefinition!.AlgorithmSpecification.MetricDefinitions = [{ Name: 'validation:aucpr', Regex: 'validation-aucpr:([0-9.]+)' }];
      objective(r).MetricName = 'validation:aucpr';
    });
    expect(dump(ofRule(validateTuningJobRequest(request, CONTEXT), 'TJ-BUILTIN-METRIC'))).toBe('');
  });
});

describe('TJ-BUILTIN-IMAGE-REGION', () => {
  test.each([
    ['a us-east-1 image in an eu-west-1 stack', XGB_US_EAST_1, 'eu-west-1', ['of region us-east-1, but the stack is in eu-west-1', '141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-xgboost:1.7-1']],
    ['an image of a region where the stack\'s region has none (LDA)', '766337827248.dkr.ecr.us-east-1.amazonaws.com/lda:1', 'sa-east-1', ["The repository 'lda' has no image in sa-east-1"]],
  ])('warns: %s', (_title, uri, region, expected) => {
    const findings = builtInImageRegion(uri, region);
    expect(findings.map(f => [f.rule, f.severity])).toEqual([['TJ-BUILTIN-IMAGE-REGION', 'warning']]);
    for (const e of expected) {
      expect(findings[0].message).toContain(e);
    }
  });

  test.each([
    ['the same region', XGB_US_EAST_1, 'us-east-1'],
    ['a token stack region', XGB_US_EAST_1, Aws.REGION],
    ['a custom image', '123456789012.dkr.ecr.us-east-1.amazonaws.com/xgb:1', 'eu-west-1'],
  ])('passes: %s', (_title, uri, region) => {
    expect(builtInImageRegion(uri, region)).toEqual([]);
  });
});

describe('builtInAlgorithmOfImage: the one place that recognizes built-in images', () => {
  test.each([
    ['a built-in URI', XGB_EU_WEST_1, 'xgboost'],
    ['a China region URI', '450853457545.dkr.ecr.cn-north-1.amazonaws.com.cn/sagemaker-xgboost:1.7-1', 'xgboost'],
    ['an imported built-in repository (URL suffix token)', `683313688378.dkr.ecr.us-east-1.${Aws.URL_SUFFIX}/sagemaker-xgboost:1.7-1`, 'xgboost'],
    ['a region-agnostic mapping lookup (account and region tokens)', `${Fn.findInMap('M', Aws.REGION, 'account')}.dkr.ecr.${Aws.REGION}.${Aws.URL_SUFFIX}/linear-learner:1`, 'linear-learner'],
    ['a repository of the same name in your own account', '123456789012.dkr.ecr.us-east-1.amazonaws.com/kmeans:1', undefined],
    ['a custom repository', '123456789012.dkr.ecr.us-east-1.amazonaws.com/xgb:1', undefined],
    ['a Docker Hub image', 'docker.io/library/xgboost:1', undefined],
    ['a whole-token URI', Token.asString({ Ref: 'ImageParameter' }), undefined],
    ['Neo compilation images are not training images', '785573368785.dkr.ecr.us-east-1.amazonaws.com/xgboost-neo:latest', undefined],
  ])('%s', (_title, uri, algorithm) => {
    expect(builtInAlgorithmOfImage(uri)?.algorithmId).toBe(algorithm);
    expect(isBuiltInAlgorithmImage(uri)).toBe(algorithm !== undefined);
  });
});

describe('tokens pass unchecked', () => {
  test('a token objective metric, type or channel name is not checked', () => {
    const request = changed(xgbRequest(), r => {
      r.TrainingJobDefinition!.InputDataConfig!.pop();
    });
    objective(request).MetricName = Token.asString({ Ref: 'Metric' });
    expect(dump(validateTuningJobRequest(request, CONTEXT).filter(f => f.rule.startsWith('TJ-BUILTIN-')))).toBe('');
    const direction = xgbRequest();
    objective(direction).MetricName = 'validation:rmse';
    objective(direction).Type = Token.asString({ Ref: 'Type' });
    expect(dump(validateTuningJobRequest(direction, CONTEXT).filter(f => f.rule.startsWith('TJ-BUILTIN-')))).toBe('');
    const channel = changed(xgbRequest(), r => { r.TrainingJobDefinition!.InputDataConfig!.pop(); });
    channel.TrainingJobDefinition!.InputDataConfig![0].ChannelName = Token.asString({ Ref: 'Channel' });
    expect(dump(validateTuningJobRequest(channel, CONTEXT).filter(f => f.rule.startsWith('TJ-BUILTIN-')))).toBe('');
  });

  test('token range names and bounds are not checked', () => {
    const def = xgbDefinition();
    def.HyperParameterRanges!.ContinuousParameterRanges![0].Name = Token.asString({ Ref: 'Name' });
    def.HyperParameterRanges!.IntegerParameterRanges![0].MaxValue = Token.asString({ Ref: 'Max' });
    expect(dump(validateTrainingJobDefinition(def).filter(f => f.rule.startsWith('TJ-BUILTIN-')))).toBe('');
  });
});
