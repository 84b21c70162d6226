/** 报告中相应各节的中文文案；键与 `en-voice.ts` 相同。 */
import type { enVoice } from './en-voice.js';

export const zhVoice: Record<keyof typeof enVoice, string> = {};
