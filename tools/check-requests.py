#!/usr/bin/env python3
"""Checks the CreateHyperParameterTuningJob requests in synthesized templates against the
SageMaker service model that ships with botocore (an independent second opinion on the
library's own TypeScript validation), and reports which request fields they cover.

Usage: tools/check-requests.py [--coverage] TEMPLATE.json...

CloudFormation intrinsics inside a request (Ref, Fn::GetAtt, ...) are replaced by a value
that fits the field they stand in (an ARN for RoleArn, a name for a job name, ...), the job
name the handler would choose is added, and the request is validated with botocore's
parameter validator plus the model's max lengths, patterns and enums, which botocore's
client-side validator does not check, and the 32-bit range of the model's ``integer`` type.
Exits 1 when any request is invalid.
"""
import json
import re
import sys

import botocore
import botocore.session
from botocore.validate import ParamValidator

MODEL = botocore.session.get_session().get_service_model('sagemaker')
OP = MODEL.operation_model('CreateHyperParameterTuningJob')

INT32_MIN = -(2 ** 31)
INT32_MAX = 2 ** 31 - 1

PLACEHOLDERS = {
    'RoleArn': 'arn:aws:iam::111111111111:role/placeholder-role',
    'KmsKeyId': 'arn:aws:kms:us-east-1:111111111111:key/00000000-0000-0000-0000-000000000000',
    'VolumeKmsKeyId': 'arn:aws:kms:us-east-1:111111111111:key/00000000-0000-0000-0000-000000000000',
    'HyperParameterTuningJobName': 'parent-job',
    'FileSystemId': 'fs-0123456789abcdef0',
    'TrainingImage': '111111111111.dkr.ecr.us-east-1.amazonaws.com/repo:tag',
}


def intrinsic_text(value):
    """A CloudFormation value rendered to text, intrinsics as @@key@@ markers."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and 'Fn::Join' in value:
        sep, parts = value['Fn::Join']
        return sep.join(intrinsic_text(p) for p in parts)
    return '@@INTRINSIC@@'


def fill(obj, key=None):
    """Replaces strings holding intrinsic markers by a placeholder fitting the field."""
    if isinstance(obj, dict):
        return {k: fill(v, k) for k, v in obj.items()}
    if isinstance(obj, list):
        return [fill(v, key) for v in obj]
    if isinstance(obj, str) and '@@INTRINSIC@@' in obj:
        if key in PLACEHOLDERS:
            return PLACEHOLDERS[key]
        if key in ('SecurityGroupIds',):
            return 'sg-0123456789abcdef0'
        if key in ('Subnets',):
            return 'subnet-0123456789abcdef0'
        return obj.replace('@@INTRINSIC@@', 'placeholder')
    return obj


def check_constraints(shape, value, path, errors):
    """max lengths/sizes, patterns and enums: what botocore's validator leaves out."""
    md = shape.metadata
    if shape.type_name == 'structure':
        for name, member in shape.members.items():
            if isinstance(value, dict) and name in value:
                check_constraints(member, value[name], f'{path}.{name}', errors)
        if isinstance(value, dict):
            for name in value:
                if name not in shape.members:
                    errors.append(f'{path}.{name}: not a member of {shape.name}')
    elif shape.type_name == 'list':
        if 'max' in md and len(value) > md['max']:
            errors.append(f'{path}: {len(value)} items > max {md["max"]}')
        for i, item in enumerate(value):
            check_constraints(shape.member, item, f'{path}[{i}]', errors)
    elif shape.type_name == 'map':
        if 'max' in md and len(value) > md['max']:
            errors.append(f'{path}: {len(value)} entries > max {md["max"]}')
        for k, v in value.items():
            check_constraints(shape.key, k, f'{path} key {k!r}', errors)
            check_constraints(shape.value, v, f'{path}[{k!r}]', errors)
    elif shape.type_name == 'string':
        if 'max' in md and len(value) > md['max']:
            errors.append(f'{path}: length {len(value)} > max {md["max"]}')
        if 'enum' in md and value not in md['enum']:
            errors.append(f'{path}: {value!r} not one of {md["enum"][:8]}...')
        if 'pattern' in md:
            pattern = md['pattern']
            if '\\p{' in pattern:
                return  # Python's re has no \p{..} classes; the TypeScript validator checks these
            if not re.fullmatch(pattern, value):
                errors.append(f'{path}: {value!r} does not match {pattern}')
    elif shape.type_name in ('integer', 'long', 'float', 'double'):
        if 'max' in md and value > md['max']:
            errors.append(f'{path}: {value} > max {md["max"]}')
        if shape.type_name == 'integer' and isinstance(value, int) and not INT32_MIN <= value <= INT32_MAX:
            errors.append(f'{path}: {value} is outside the 32-bit integer range of the model type')


def collect_paths(value, path, out):
    if isinstance(value, dict):
        for k, v in value.items():
            p = f'{path}.{k}' if path else k
            out.add(p)
            collect_paths(v, p, out)
    elif isinstance(value, list):
        for v in value:
            collect_paths(v, path, out)


def normalise(path):
    """TrainingJobDefinitions[] and TrainingJobDefinition share one shape; ranges too."""
    path = path.replace('TrainingJobDefinitions.', 'TrainingJobDefinition.')
    path = path.replace('HyperParameterTuningJobConfig.ParameterRanges.', 'ParameterRanges.')
    path = path.replace('TrainingJobDefinition.HyperParameterRanges.', 'ParameterRanges.')
    return path


def main(argv):
    coverage = '--coverage' in argv
    files = [a for a in argv if a != '--coverage']
    seen = set()
    count = 0
    bad = 0
    for file in files:
        template = json.load(open(file))
        for logical_id, resource in template.get('Resources', {}).items():
            if resource.get('Type') != 'Custom::SageMakerTuningJob':
                continue
            count += 1
            request = fill(json.loads(intrinsic_text(resource['Properties']['Request'])))
            request['HyperParameterTuningJobName'] = 'generated-name-0123456789'
            errors = []
            report = ParamValidator().validate(request, OP.input_shape)
            if report.has_errors():
                errors.append(report.generate_report())
            check_constraints(OP.input_shape, request, 'request', errors)
            status = 'ok' if not errors else 'INVALID'
            print(f'{file}: {logical_id}: {status}')
            for e in errors:
                print(f'  {e}')
            bad += bool(errors)
            collect_paths(request, '', seen)
    if coverage:
        all_paths = set()
        collect_model_paths(OP.input_shape, '', all_paths, 0)
        covered = {normalise(p) for p in seen}
        wanted = {normalise(p) for p in all_paths}
        missing = sorted(wanted - covered)
        print(f'\nfields covered: {len(wanted) - len(missing)} of {len(wanted)} (botocore {botocore.__version__})')
        for m in missing:
            print(f'  not covered: {m}')
    print(f'\n{count} request(s) checked, {bad} invalid')
    return 1 if bad or count == 0 else 0


def collect_model_paths(shape, path, out, depth):
    if depth > 8:
        return
    if shape.type_name == 'structure':
        for name, member in shape.members.items():
            p = f'{path}.{name}' if path else name
            out.add(p)
            collect_model_paths(member, p, out, depth + 1)
    elif shape.type_name == 'list':
        collect_model_paths(shape.member, path, out, depth + 1)


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
