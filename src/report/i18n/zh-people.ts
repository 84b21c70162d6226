/** 报告中相应各节的中文文案；键与 `en-people.ts` 相同。 */
import type { enPeople } from './en-people.js';

export const zhPeople: Record<keyof typeof enPeople, string> = {};
