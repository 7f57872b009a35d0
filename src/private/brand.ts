/**
 * Recognizing the library's classes across copies of the library (the aws-cdk-lib pattern, as in
 * `Stack.isStack`): an app may load two copies (e.g. two versions in node_modules, each brought
 * by another construct library), and `instanceof` is false for an instance of the other copy's
 * class. Each class marks its instances with a `Symbol.for('cdk-sagemaker-tuning.<Class>')`
 * property, which every copy shares, and offers a static `is<Class>(x)` that reads it.
 */

/** The classes marked this way. */
export type BrandedClass = 'TuningJob' | 'TrainingRole' | 'TuningJobProvider' | 'LongWaitInfra';

const SYMBOLS: Record<BrandedClass, symbol> = {
  TuningJob: Symbol.for('cdk-sagemaker-tuning.TuningJob'),
  TrainingRole: Symbol.for('cdk-sagemaker-tuning.TrainingRole'),
  TuningJobProvider: Symbol.for('cdk-sagemaker-tuning.TuningJobProvider'),
  LongWaitInfra: Symbol.for('cdk-sagemaker-tuning.LongWaitInfra'),
};

/** Marks `instance` as an instance of `cls` (call it in the class's constructor). */
export function brand(instance: object, cls: BrandedClass): void {
  Object.defineProperty(instance, SYMBOLS[cls], { value: true });
}

/** Whether `x` is an instance of `cls`, whichever copy of the library created it. */
export function isBranded(x: unknown, cls: BrandedClass): boolean {
  return x !== null && typeof x === 'object' && SYMBOLS[cls] in x;
}
