import { BUILT_IN_ALGORITHM_DATA, BuiltInAlgorithmData } from './private/builtin-algorithms.generated';

/**
 * A SageMaker built-in algorithm, whose training image `TrainingImage.fromBuiltInAlgorithm`
 * resolves for the stack's region and whose hyperparameters (where a definition receives its
 * ranges) and objective metrics (at synth) are checked against its documentation.
 *
 * The set is closed: there is no `BuiltInAlgorithm.of(name)`. An algorithm is usable only
 * with its per-region registry accounts and versions, and the library has those only for the
 * algorithms below (tools/gen-builtin-algorithms.py generates them from the SageMaker Python
 * SDK's image URI tables and the SageMaker Developer Guide). For an image the library does
 * not know (a new algorithm, a new version before the data is regenerated), use
 * `TrainingImage.fromRegistry` with its URI: it is then treated as a custom image.
 */
export class BuiltInAlgorithm {
  /** BlazingText (Word2Vec and text classification). */
  public static readonly BLAZINGTEXT = new BuiltInAlgorithm('blazingtext');
  /** Factorization Machines. */
  public static readonly FACTORIZATION_MACHINES = new BuiltInAlgorithm('factorization-machines');
  /** DeepAR forecasting. */
  public static readonly FORECASTING_DEEPAR = new BuiltInAlgorithm('forecasting-deepar');
  /** Image Classification (MXNet). */
  public static readonly IMAGE_CLASSIFICATION = new BuiltInAlgorithm('image-classification');
  /** IP Insights. */
  public static readonly IPINSIGHTS = new BuiltInAlgorithm('ipinsights');
  /** K-Means. */
  public static readonly KMEANS = new BuiltInAlgorithm('kmeans');
  /** k-nearest neighbors (k-NN). */
  public static readonly KNN = new BuiltInAlgorithm('knn');
  /** Latent Dirichlet Allocation (LDA); available in fewer regions than the others. */
  public static readonly LDA = new BuiltInAlgorithm('lda');
  /** Linear Learner. */
  public static readonly LINEAR_LEARNER = new BuiltInAlgorithm('linear-learner');
  /** Neural Topic Model (NTM). */
  public static readonly NTM = new BuiltInAlgorithm('ntm');
  /** Object Detection (MXNet). */
  public static readonly OBJECT_DETECTION = new BuiltInAlgorithm('object-detection');
  /** Object2Vec. */
  public static readonly OBJECT2VEC = new BuiltInAlgorithm('object2vec');
  /** Principal Component Analysis (PCA); the developer guide gives it no objective metric to tune. */
  public static readonly PCA = new BuiltInAlgorithm('pca');
  /** Random Cut Forest. */
  public static readonly RANDOMCUTFOREST = new BuiltInAlgorithm('randomcutforest');
  /** Semantic Segmentation. */
  public static readonly SEMANTIC_SEGMENTATION = new BuiltInAlgorithm('semantic-segmentation');
  /** Sequence-to-Sequence. */
  public static readonly SEQ2SEQ = new BuiltInAlgorithm('seq2seq');
  /**
   * XGBoost. Versions `0.90-1` and later are the open-source XGBoost framework images
   * (repository `sagemaker-xgboost`, e.g. `1.7-1`); version `1` is the legacy image
   * (repository `xgboost`).
   */
  public static readonly XGBOOST = new BuiltInAlgorithm('xgboost');

  /**
   * @param id the algorithm's id (its key in the generated data)
   */
  private constructor(
    /** The algorithm's id, e.g. `xgboost`, `linear-learner`. */
    public readonly id: string,
  ) {}

  /** The algorithm's name as the developer guide writes it, e.g. `XGBoost`. */
  public get displayName(): string {
    return this.data.displayName;
  }

  /** The versions (image tags) it has, e.g. `['1']`, or XGBoost's `['1', '0.90-1', ..., '1.7-1', ...]`. */
  public get versions(): string[] {
    return this.data.images.flatMap(i => [...i.versions]);
  }

  /** The algorithm's id. */
  public toString(): string {
    return this.id;
  }

  private get data(): BuiltInAlgorithmData {
    return BUILT_IN_ALGORITHM_DATA[this.id];
  }
}
