import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataFrame } from '@grafana/data';
import type { Recording } from '../../../test/browser/fixtures/prometheusApi';
import { FrameShape, prometheusToFrames } from './prometheusToFrames';

const recordedDir = join(__dirname, '..', '..', '..', 'test', 'browser', 'fixtures', 'recorded');

/** A committed 5-node recording (see test/browser/fixtures/make-fixtures.ts). */
export function loadRecording(topology: string, nodes = 5): Recording {
  return JSON.parse(readFileSync(join(recordedDir, `${topology}-${nodes}.json`), 'utf8')) as Recording;
}

/** All queries of a recording as the frames a panel receives. */
export function recordingFrames(recording: Recording, shape: FrameShape): DataFrame[] {
  return recording.queries.flatMap((query) => prometheusToFrames(query.response, query.refId, shape));
}
