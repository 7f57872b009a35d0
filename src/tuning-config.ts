/** Whether a tuning job looks for the largest or the smallest objective value. */
export enum ObjectiveType {
  /** The larger the metric, the better (accuracy, AUC). */
  MAXIMIZE = 'Maximize',
  /** The smaller the metric, the better (loss, error). */
  MINIMIZE = 'Minimize',
}

/**
 * The metric a tuning job optimizes, and in which direction.
 *
 * The `TuningJob` that receives the objective checks the metric name at synth (1 to 255
 * characters, one line) and reports a problem with its construct path, together with the
 * app's others.
 */
export class TuningObjective {
  /**
   * Look for the training job with the largest value of `metricName`.
   * @param metricName the metric's name, as a metric definition (or the built-in algorithm) names it
   */
  public static maximize(metricName: string): TuningObjective {
    return new TuningObjective(ObjectiveType.MAXIMIZE, metricName);
  }

  /**
   * Look for the training job with the smallest value of `metricName`.
   * @param metricName the metric's name, as a metric definition (or the built-in algorithm) names it
   */
  public static minimize(metricName: string): TuningObjective {
    return new TuningObjective(ObjectiveType.MINIMIZE, metricName);
  }

  private constructor(
    /** Maximize or minimize. */
    public readonly type: ObjectiveType,
    /** The metric's name. */
    public readonly metricName: string,
  ) {}
}

/** Hyperband's resource bounds. */
export interface HyperbandOptions {
  /**
   * The fewest epochs (or other resource) a training job runs before Hyperband may stop it.
   * @default 1 (SageMaker's default)
   */
  readonly minResource?: number;
  /**
   * The most epochs (or other resource) a training job may run (at most 20,000).
   * @default - read by SageMaker from a static hyperparameter named `epochs`, `numepochs`,
   * `n-epochs`, `n_epochs` or `num_epochs`; one of them must then be set
   */
  readonly maxResource?: number;
}

/**
 * How a tuning job chooses hyperparameter values to try.
 *
 * @see https://docs.aws.amazon.com/sagemaker/latest/dg/automatic-model-tuning-how-it-works.html
 */
export class TuningStrategy {
  /** Bayesian optimization: each job's values are chosen from what earlier jobs learned. */
  public static bayesian(): TuningStrategy {
    return new TuningStrategy('Bayesian');
  }

  /** Random search: values drawn at random, so many jobs can run in parallel. */
  public static random(): TuningStrategy {
    return new TuningStrategy('Random');
  }

  /**
   * Grid search: every combination of the categorical values, each once. The number of
   * training jobs is the number of combinations.
   */
  public static grid(): TuningStrategy {
    return new TuningStrategy('Grid');
  }

  /**
   * Hyperband: a multi-fidelity strategy that stops under-performing jobs early and gives
   * their resources to promising ones. Needs early stopping off. The `TuningJob` that
   * receives the strategy checks the bounds: its constructor throws when maxResource is above
   * 20,000 or minResource above maxResource (with its other prop problems); at synth, with the
   * app's other problems, that both are whole numbers of at least 1. Each names its construct path.
   *
   * @param options resource bounds
   */
  public static hyperband(options: HyperbandOptions = {}): TuningStrategy {
    return new TuningStrategy('Hyperband', options);
  }

  /**
   * A strategy by its API name, for strategies newer than this library. A name the library's
   * copy of the SageMaker API model does not list passes synth with a warning (SM-ENUM-OPEN),
   * and the strategy-specific rules do not apply to it.
   * @param name the API value, e.g. 'Bayesian'
   */
  public static of(name: string): TuningStrategy {
    return new TuningStrategy(name);
  }

  private constructor(
    /** The API value: Bayesian, Random, Grid or Hyperband. */
    public readonly name: string,
    /**
     * Hyperband's resource bounds.
     * @default - not a Hyperband strategy, or SageMaker's defaults
     */
    public readonly hyperbandOptions?: HyperbandOptions,
  ) {}
}

/** When a tuning job may finish before it has run all its training jobs. */
export interface CompletionCriteria {
  /**
   * Stop once a training job reaches this objective value.
   * @default - no target value
   */
  readonly targetObjectiveValue?: number;
  /**
   * Stop once this many consecutive training jobs (at least 3) have not improved the best
   * objective value.
   * @default - no such criterion
   */
  readonly maxTrainingJobsNotImproving?: number;
  /**
   * Stop when automatic model tuning detects that the model has converged.
   * @default - SageMaker's default (disabled)
   */
  readonly completeOnConvergence?: boolean;
}

/**
 * A tuning job identified by name, usable as a warm-start parent.
 * (Implemented by `TuningJob` and by `TuningJob.fromTuningJobName`.)
 */
export interface ITuningJobRef {
  /**
   * The tuning job's name.
   * @attribute
   */
  readonly tuningJobName: string;
}

/** How a warm-started tuning job relates to its parents. */
export enum WarmStartType {
  /** Same data and algorithm; only the ranges and limits may change. */
  IDENTICAL_DATA_AND_ALGORITHM = 'IdenticalDataAndAlgorithm',
  /** Different data, algorithm version, or ranges. */
  TRANSFER_LEARNING = 'TransferLearning',
}

/**
 * Start a tuning job from what 1 to 5 finished parent tuning jobs learned.
 *
 * The `TuningJob` that receives it checks the number of parents at synth and reports a
 * problem with its construct path, together with the app's others.
 *
 * @see https://docs.aws.amazon.com/sagemaker/latest/dg/automatic-model-tuning-warm-start.html
 */
export class WarmStart {
  /**
   * The parents used the same data and algorithm.
   * @param parents 1 to 5 finished tuning jobs
   */
  public static identicalDataAndAlgorithm(parents: ITuningJobRef[]): WarmStart {
    return new WarmStart(WarmStartType.IDENTICAL_DATA_AND_ALGORITHM, parents);
  }

  /**
   * The parents used different data, a different algorithm version or different ranges.
   * @param parents 1 to 5 finished tuning jobs
   */
  public static transferLearning(parents: ITuningJobRef[]): WarmStart {
    return new WarmStart(WarmStartType.TRANSFER_LEARNING, parents);
  }

  private constructor(
    /** The warm start type. */
    public readonly type: WarmStartType,
    /** The parent tuning jobs. */
    public readonly parents: ITuningJobRef[],
  ) {}
}
