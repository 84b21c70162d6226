/**
 * The report's languages: a message catalogue per language (`en.ts`, `zh.ts`) with the same keys,
 * and a translator that fills `{placeholders}`. Names that come from the data (segments, checks,
 * KPIs) are translated when the catalogue knows them and shown as they are otherwise.
 */
import { en, type MessageKey } from './en.js';
import { zh } from './zh.js';

export type { MessageKey } from './en.js';

export const LANGUAGES = ['en', 'zh'] as const;
export type Language = (typeof LANGUAGES)[number];

export const CATALOGUES: Record<Language, Record<MessageKey, string>> = { en, zh };

/** The BCP 47 locale of a language, for number and date formats. */
export const LOCALES: Record<Language, string> = { en: 'en-US', zh: 'zh-CN' };

export interface Translator {
  readonly language: Language;
  /** The message `key` with `{name}` placeholders filled from `vars`. */
  (key: MessageKey, vars?: Record<string, string | number>): string;
  /** The message `${prefix}.${name}` when the catalogue has it, else `fallback` (default: `name`). */
  name(prefix: string, name: string, fallback?: string): string;
  /** Keys asked for that the catalogue does not have (a test keeps this empty). */
  readonly missing: ReadonlySet<string>;
}

/**
 * A translator for `language`.
 *
 * @example translator('zh')('report.toc') // '目录'
 */
export function translator(language: Language): Translator {
  const messages = CATALOGUES[language];
  const missing = new Set<string>();
  const fill = (text: string, vars: Record<string, string | number> = {}) =>
    text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
  const t = ((key: MessageKey, vars?: Record<string, string | number>) => {
    const text = messages[key];
    if (text === undefined) {
      missing.add(key);
      return key;
    }
    return fill(text, vars);
  }) as Translator;
  Object.defineProperties(t, {
    language: { value: language },
    missing: { value: missing },
    name: {
      value: (prefix: string, name: string, fallback = name) =>
        messages[`${prefix}.${name}` as MessageKey] ?? fallback,
    },
  });
  return t;
}

/** The language of `LANG`/`LC_ALL` when it is Chinese, else English. */
export function languageFromEnvironment(env: NodeJS.ProcessEnv = process.env): Language {
  const value = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return value.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}
