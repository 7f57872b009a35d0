export * from './parameter-range';
export * from './training-instance-type';
export * from './training-image';
export * from './training-input';
export * from './training-job-definition';
export * from './tuning-config';
export * from './tuning-job';
export * from './tuning-job-results';
