// All conformance cases, in checklist order of their areas.
import type { ConformanceCase } from './harness';
import { OBJECT_CASES } from './casesObjects';
import { TRACE_CASES } from './casesTrace';
import { CONTENT_CASES } from './casesContent';
import { CAPTURE_CASES } from './casesCapture';
import { OMEMO_CASES } from './casesOmemo';
import { OX_CASES } from './casesOx';
import { XEP27_CASES } from './casesXep27';

export const ALL_CASES: ConformanceCase[] = [...OBJECT_CASES, ...TRACE_CASES, ...CONTENT_CASES, ...CAPTURE_CASES, ...OMEMO_CASES, ...OX_CASES, ...XEP27_CASES];
