/** English messages of the report's sections on banking classes, tags and influence. */
export const enPeople = {} as const;
