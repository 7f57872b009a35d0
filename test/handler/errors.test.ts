import { ResourceInUse, ResourceLimitExceeded, ResourceNotFound, SageMakerServiceException } from '@aws-sdk/client-sagemaker';
import { failure, isNotFound, isResourceInUse, isResourceLimitExceeded, isValidation } from '../../src/handler/errors';

const meta = { $metadata: { httpStatusCode: 400 } };

/** An error as another copy of the SDK (or code that deserialized the response itself) builds it: not an instance of these classes. */
function foreign(name: string, message = 'm'): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', ...meta });
}

describe('modeled errors: the SDK\'s class first, the name as the fallback', () => {
  test.each([
    ['ResourceInUse', isResourceInUse, new ResourceInUse({ message: 'in use', ...meta })],
    ['ResourceNotFound', isNotFound, new ResourceNotFound({ message: 'not found', ...meta })],
    ['ResourceLimitExceeded', isResourceLimitExceeded, new ResourceLimitExceeded({ message: 'quota', ...meta })],
  ])('%s', (name, is, instance) => {
    expect(instance).toBeInstanceOf(SageMakerServiceException);
    expect(is(instance)).toBe(true);
    // Another copy of the SDK: same name, another class.
    expect(foreign(name)).not.toBeInstanceOf(SageMakerServiceException);
    expect(is(foreign(name))).toBe(true);
    expect(is(foreign(`${name}Exception`))).toBe(true);
    // The class decides even when the name says otherwise (the name is data from the wire).
    expect(is(Object.assign(instance, { name: 'Renamed' }))).toBe(true);
    expect(is(foreign('ValidationException', 'Job is already stopped'))).toBe(false);
    expect(is(foreign('Error'))).toBe(false);
  });

  test('the errors the model does not declare are known by name', () => {
    expect(isValidation(foreign('ValidationException'))).toBe(true);
    expect(isNotFound(foreign('ValidationException', 'Amazon SageMaker can\'t find a tuning job with name x: does not exist'))).toBe(true);
  });

  test('a quota error from another copy of the SDK still gets the quota hint', () => {
    expect(failure('Could not create tuning job "x"', foreign('ResourceLimitExceeded', 'limit')).message)
      .toMatch(/^Could not create tuning job "x": ResourceLimitExceeded: limit \(an account quota was reached: /);
    expect(failure('Could not create tuning job "x"', new ResourceLimitExceeded({ message: 'limit', ...meta })).message)
      .toMatch(/^Could not create tuning job "x": ResourceLimitExceeded: limit \(an account quota was reached: /);
  });
});
