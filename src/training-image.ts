import { ArnFormat, Aws, CfnElement, CfnMapping, Stack, Token } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecr_assets from 'aws-cdk-lib/aws-ecr-assets';
import * as iam from 'aws-cdk-lib/aws-iam';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';
import { BuiltInAlgorithm } from './builtin-algorithm';
import { BuiltInImage } from './private/builtin-algorithms.generated';
import { builtInImageOfVersion, builtInImageRegion, regionsOf } from './validation/builtin-image';
import { warnFindings } from './validation/report';

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
   * The training image of a SageMaker built-in algorithm, for the stack's region:
   * `<account>.dkr.ecr.<region>.<url suffix>/<repository>:<version>`, with the algorithm's
   * registry account of that region (e.g. XGBoost 1.7-1 in eu-west-1 is
   * `141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-xgboost:1.7-1`).
   *
   * In a region-agnostic stack (no `env.region`) the account is a CloudFormation mapping
   * lookup on `AWS::Region` (one mapping per stack and repository), and a deployment to a
   * region without the algorithm fails at its `Fn::FindInMap`. A missing or token version
   * where the algorithm has several, a version the algorithm does not have, and a stack
   * region without the algorithm are reported by the definition that binds the image (its
   * constructor throws), with its construct path and what exists, together with its other
   * problems.
   *
   * The training role this library creates may pull this image's repository (in that
   * account and region) and nothing else. The definition's tuned hyperparameters are checked
   * against the algorithm's documentation where the definition receives them, its objective
   * metric and channels at synth (docs/RULES.md, TJ-BUILTIN-*), and it needs no
   * `metricDefinitions`.
   *
   * @param algorithm the built-in algorithm
   * @param version the image version (tag), e.g. `1.7-1` for XGBoost
   * @default - the algorithm's only version (`1`); required when it has several (XGBoost)
   */
  public static fromBuiltInAlgorithm(algorithm: BuiltInAlgorithm, version?: string): TrainingImage {
    return new BuiltInAlgorithmImage(algorithm, version);
  }

  /**
   * An image from a registry, by its full URI.
   *
   * No permissions are granted: use `fromEcrRepository` for an image in your own ECR
   * repository so that the training role may pull it. For a SageMaker built-in algorithm
   * prefer `fromBuiltInAlgorithm`, which picks the registry of the stack's region; a
   * built-in algorithm's URI given here is recognized (by its registry account and
   * repository), checked like `fromBuiltInAlgorithm`'s, and reported when its region is not
   * the stack's.
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

  public bind(scope: Construct, _grantee: iam.IGrantable): TrainingImageConfig {
    if (!Token.isUnresolved(this.imageUri)) {
      warnFindings(scope, builtInImageRegion(this.imageUri, Stack.of(scope).region));
    }
    return { imageUri: this.imageUri };
  }
}

/** ECR pull actions on a repository (as `IRepository.grantPull` grants them). */
const ECR_PULL_ACTIONS = ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'];

class BuiltInAlgorithmImage extends TrainingImage {
  private readonly image?: BuiltInImage;
  private readonly version: string;
  /** What is wrong with the version given, reported by the construct that binds the image. */
  private readonly problem?: string;

  constructor(private readonly algorithm: BuiltInAlgorithm, version?: string) {
    super();
    const versions = algorithm.versions;
    this.version = version ?? versions[0];
    if (version === undefined && versions.length !== 1) {
      this.problem = `version is required for the built-in ${algorithm.displayName} algorithm, which has several: ${versions.map(v => `'${v}'`).join(', ')}`;
    } else if (Token.isUnresolved(this.version)) {
      this.problem = `version must be known at synth time (it selects the image repository), got a token for the built-in ${algorithm.displayName} algorithm`;
    } else {
      const image = builtInImageOfVersion(algorithm.id, this.version);
      if (typeof image === 'string') {
        this.problem = `version ${image}`;
      } else {
        this.image = image;
      }
    }
  }

  public bind(scope: Construct, grantee: iam.IGrantable): TrainingImageConfig {
    const stack = Stack.of(scope);
    if (!this.image) {
      return this.unusable(scope, this.problem!);
    }
    const repository = this.image.repository;
    let account: string;
    let region: string;
    let urlSuffix: string;
    if (Token.isUnresolved(stack.region)) {
      account = this.mapping(stack, this.image).findInMap(Aws.REGION, 'account');
      region = Aws.REGION;
      urlSuffix = Aws.URL_SUFFIX;
    } else {
      region = stack.region;
      const found = this.image.accounts[region];
      if (found === undefined) {
        return this.unusable(scope, `is the built-in ${this.algorithm.displayName} algorithm, version '${this.version}', but its repository '${repository}' has no image in the stack's region ${region}: ${regionsOf(this.image)}.`);
      }
      account = found;
      urlSuffix = RegionInfo.get(region).domainSuffix ?? Aws.URL_SUFFIX;
    }
    // The role pulls this repository of this registry and nothing else.
    iam.Grant.addToPrincipal({
      grantee,
      actions: ECR_PULL_ACTIONS,
      resourceArns: [stack.formatArn({ service: 'ecr', account, region, resource: 'repository', resourceName: repository, arnFormat: ArnFormat.SLASH_RESOURCE_NAME })],
    });
    ecr.AuthorizationToken.grantRead(grantee);
    return { imageUri: `${account}.dkr.ecr.${region}.${urlSuffix}/${repository}:${this.version}` };
  }

  /**
   * An image that cannot be used: binding it throws the problem, which the definition that
   * binds it reports with its construct path, together with its other problems.
   */
  private unusable(_scope: Construct, problem: string): never {
    throw new Error(`algorithm (TrainingImage.fromBuiltInAlgorithm) ${problem}`);
  }

  /** The stack's mapping of this repository's registry account by region (created once). */
  private mapping(stack: Stack, image: BuiltInImage): CfnMapping {
    const id = `SageMakerBuiltInRegistry${repositoryId(image.repository)}`;
    const existing = stack.node.tryFindChild(id);
    // aws-cdk-lib has no CfnMapping.isCfnMapping: a CfnElement with the mapping's findInMap
    if (existing !== undefined && CfnElement.isCfnElement(existing) && typeof (existing as Partial<CfnMapping>).findInMap === 'function') {
      return existing as CfnMapping;
    }
    const mapping: { [region: string]: { [key: string]: string } } = {};
    for (const [r, a] of Object.entries(image.accounts)) {
      mapping[r] = { account: a };
    }
    return new CfnMapping(stack, id, { mapping });
  }
}

/** `sagemaker-xgboost` -> `SagemakerXgboost` (a construct id and logical id fragment). */
function repositoryId(repository: string): string {
  return repository.split(/[^a-zA-Z0-9]+/).filter(p => p).map(p => p[0].toUpperCase() + p.slice(1)).join('');
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
