/** English messages of the report's sections on satisfaction, needs, CRM care and competition. */
export const enVoice = {} as const;
