import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecr_assets from 'aws-cdk-lib/aws-ecr-assets';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** The result of binding a training image to a definition. */
export interface TrainingImageConfig {
  /** The image URI the training jobs run. */
  readonly imageUri: string;
}

/**
 * A Docker image that the training jobs of a tuning job run.
 */
export abstract class TrainingImage {
  /**
   * An image from a registry, by its full URI (for example one of SageMaker's built-in
   * algorithm images, `683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1`).
   *
   * No permissions are granted: use `fromEcrRepository` for an image in your own ECR
   * repository so that the training role may pull it.
   *
   * @param imageUri the image URI (at most 255 characters)
   */
  public static fromRegistry(imageUri: string): TrainingImage {
    return new RegistryImage(imageUri);
  }

  /**
   * An image in an ECR repository; the training role is granted pull access.
   *
   * @param repository the repository
   * @param tagOrDigest a tag (`latest`) or a digest (`sha256:...`)
   * @default 'latest'
   */
  public static fromEcrRepository(repository: ecr.IRepository, tagOrDigest: string = 'latest'): TrainingImage {
    return new EcrImage(repository, tagOrDigest);
  }

  /**
   * An image built from a local directory with a Dockerfile and published as a CDK asset;
   * the training role is granted pull access.
   *
   * @param directory the directory holding the Dockerfile
   * @param options asset options
   */
  public static fromAsset(directory: string, options: ecr_assets.DockerImageAssetOptions = {}): TrainingImage {
    return new AssetImage(directory, options);
  }

  /**
   * An image from an existing Docker image asset; the training role is granted pull access.
   *
   * @param asset the asset
   */
  public static fromDockerImageAsset(asset: ecr_assets.DockerImageAsset): TrainingImage {
    return new DockerImageAssetImage(asset);
  }

  /**
   * Binds the image to a definition: returns its URI and grants `grantee` what it needs to
   * pull it.
   *
   * @param scope the definition binding the image
   * @param grantee the training role
   */
  public abstract bind(scope: Construct, grantee: iam.IGrantable): TrainingImageConfig;
}

class RegistryImage extends TrainingImage {
  constructor(private readonly imageUri: string) {
    super();
  }

  public bind(_scope: Construct, _grantee: iam.IGrantable): TrainingImageConfig {
    return { imageUri: this.imageUri };
  }
}

class EcrImage extends TrainingImage {
  constructor(private readonly repository: ecr.IRepository, private readonly tagOrDigest: string) {
    super();
  }

  public bind(_scope: Construct, grantee: iam.IGrantable): TrainingImageConfig {
    this.repository.grantPull(grantee);
    return { imageUri: this.repository.repositoryUriForTagOrDigest(this.tagOrDigest) };
  }
}

class AssetImage extends TrainingImage {
  private asset?: ecr_assets.DockerImageAsset;

  constructor(private readonly directory: string, private readonly options: ecr_assets.DockerImageAssetOptions) {
    super();
  }

  public bind(scope: Construct, grantee: iam.IGrantable): TrainingImageConfig {
    if (!this.asset) {
      this.asset = new ecr_assets.DockerImageAsset(scope, 'TrainingImage', {
        directory: this.directory,
        ...this.options,
      });
    }
    this.asset.repository.grantPull(grantee);
    return { imageUri: this.asset.imageUri };
  }
}

class DockerImageAssetImage extends TrainingImage {
  constructor(private readonly asset: ecr_assets.DockerImageAsset) {
    super();
  }

  public bind(_scope: Construct, grantee: iam.IGrantable): TrainingImageConfig {
    this.asset.repository.grantPull(grantee);
    return { imageUri: this.asset.imageUri };
  }
}

/** The result of binding a training algorithm to a definition. */
export interface TrainingAlgorithmConfig {
  /**
   * The image the training jobs run.
   * @default - the algorithm is an algorithm resource
   */
  readonly trainingImage?: string;
  /**
   * The name or ARN of an algorithm resource (your own or from AWS Marketplace).
   * @default - the algorithm is an image
   */
  readonly algorithmName?: string;
}

/**
 * What the training jobs run: a container image, or a SageMaker algorithm resource.
 */
export abstract class TrainingAlgorithm {
  /**
   * Run a container image (your own, a built-in algorithm's, or a local Docker build).
   *
   * @param image the image
   */
  public static fromImage(image: TrainingImage): TrainingAlgorithm {
    return new ImageAlgorithm(image);
  }

  /**
   * Run a SageMaker algorithm resource (created with CreateAlgorithm, or subscribed to in
   * AWS Marketplace), by name or ARN.
   *
   * @param algorithmNameOrArn the algorithm's name or ARN (at most 170 characters)
   */
  public static fromAlgorithmName(algorithmNameOrArn: string): TrainingAlgorithm {
    return new NamedAlgorithm(algorithmNameOrArn);
  }

  /**
   * Binds the algorithm to a definition.
   *
   * @param scope the definition binding the algorithm
   * @param grantee the training role
   */
  public abstract bind(scope: Construct, grantee: iam.IGrantable): TrainingAlgorithmConfig;
}

class ImageAlgorithm extends TrainingAlgorithm {
  constructor(private readonly image: TrainingImage) {
    super();
  }

  public bind(scope: Construct, grantee: iam.IGrantable): TrainingAlgorithmConfig {
    return { trainingImage: this.image.bind(scope, grantee).imageUri };
  }
}

class NamedAlgorithm extends TrainingAlgorithm {
  constructor(private readonly algorithmName: string) {
    super();
  }

  public bind(_scope: Construct, _grantee: iam.IGrantable): TrainingAlgorithmConfig {
    return { algorithmName: this.algorithmName };
  }
}
