/**
 * How a construct reports findings: warnings as construct annotations under one id pattern
 * (`cdk-sagemaker-tuning:<rule id>`, which users acknowledge with
 * `Annotations.of(x).acknowledgeWarning(...)`), errors thrown or returned by the caller.
 */
import { Annotations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import type { Finding } from './core';

/** The id of the construct warning of `rule` (a rule id of docs/RULES.md, or a construct-level check's name). */
export function warningId(rule: string): string {
  return `cdk-sagemaker-tuning:${rule}`;
}

/** Adds the warning of `rule` to `scope`. */
export function warn(scope: IConstruct, rule: string, message: string): void {
  Annotations.of(scope).addWarningV2(warningId(rule), message);
}

/** Adds the warnings among `findings` to `scope`. */
export function warnFindings(scope: IConstruct, findings: readonly Finding[]): void {
  for (const f of findings) {
    if (f.severity === 'warning') {
      warn(scope, f.rule, f.message);
    }
  }
}

/** The messages of the errors among `findings`. */
export function errorsOf(findings: readonly Finding[]): string[] {
  return findings.filter(f => f.severity === 'error').map(f => f.message);
}
