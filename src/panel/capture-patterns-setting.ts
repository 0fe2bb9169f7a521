/** The "also capture these URLs" setting, as the panel's Settings read and write it. */
import { CAPTURE_PATTERNS_KEY, patternsOfText, validCapturePatterns } from '../shared/capture-patterns';
import type { KeyValueStorage } from './storage';

/** The patterns as the Settings text box shows them: one a line. */
export const readCapturePatternsText = async (storage: KeyValueStorage): Promise<string> =>
  validCapturePatterns(await storage.get(CAPTURE_PATTERNS_KEY)).join('\n');

export const writeCapturePatterns = (storage: KeyValueStorage, text: string): Promise<void> => storage.set(CAPTURE_PATTERNS_KEY, patternsOfText(text));
