// The CLI's --profile flag and closed-set option values, checked into usage errors.
import { ALGORITHM_PROFILES, isAlgorithmProfile, type AlgorithmProfile } from '../../server/src/core/cms/profiles';
import { single, UsageError, type ParsedArgs } from './args';

export function oneOf<T extends string>(value: string, flag: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${flag} must be ${allowed.join(', ')}, not "${value}"`);
  return value as T;
}

export function profileOption(args: ParsedArgs): AlgorithmProfile | undefined {
  const v = single(args, 'profile');
  if (v === undefined) return undefined;
  if (!isAlgorithmProfile(v)) throw new UsageError(`--profile must be ${ALGORITHM_PROFILES.join(', ')}, not "${v}"`);
  return v;
}
