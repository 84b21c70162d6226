/** 报告中相应各节的中文文案；键与 `en-segments.ts` 相同。 */
import type { enSegments } from './en-segments.js';

export const zhSegments: Record<keyof typeof enSegments, string> = {};
