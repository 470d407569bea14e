/** A versioned step of the application schema. */
export interface Migration { version: number; name: string; statements: readonly string[] }
